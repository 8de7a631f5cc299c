import pino from "pino";
import { readLogLevel } from "@/lib/env";

/** Structured JSON logs on stdout; one line per event, with `err` serialised. */
export const logger = pino({
  level: readLogLevel(),
  base: { app: "dripr" },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

export type Logger = typeof logger;
