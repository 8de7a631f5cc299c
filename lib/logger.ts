import pino from "pino";
import { readLogLevel } from "@/lib/env";

/**
 * What never reaches the logs, at the top level of a log line or one object down (pino `redact`):
 * credentials (tokens, secrets, keys, passwords, cookies, authorization headers) and what homeowners
 * and agents wrote or receive (message bodies). Logged as "[Redacted]", so a line still shows the
 * field was there.
 */
const SECRET_FIELDS = [
  "token",
  "accessToken",
  "refreshToken",
  "idToken",
  "sessionToken",
  "secret",
  "apiKey",
  "password",
  "authorization",
  "cookie",
  "html",
  "text",
  "body",
  "raw",
];
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]);

export function createLogger(destination?: pino.DestinationStream) {
  return pino(
    {
      level: readLogLevel(),
      base: { app: "dripr" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: REDACTED_PATHS,
    },
    destination,
  );
}

/** Structured JSON logs on stdout; one line per event, with `err` serialised. */
export const logger = createLogger();

export type Logger = typeof logger;
