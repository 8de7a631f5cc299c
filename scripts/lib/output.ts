import { prettyFactory } from "pino-pretty";

/**
 * Terminal output of the dev launcher: every child's lines tagged with its name, and the JSON log
 * lines of the app and the workers made readable. DRIPR_DEV_LOGS=json keeps them as they are.
 */

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const keepJson = process.env.DRIPR_DEV_LOGS === "json";
const NAME_WIDTH = 8;
const COLORS = [36, 35, 33, 32, 34, 91, 96, 95];
const assigned = new Map<string, number>();

const prettify = prettyFactory({
  colorize: useColor,
  singleLine: true,
  ignore: "pid,hostname,app,runtime",
  translateTime: "SYS:HH:MM:ss.l",
});

function tag(name: string): string {
  if (!assigned.has(name)) assigned.set(name, COLORS[assigned.size % COLORS.length] ?? 0);
  const label = name.padEnd(NAME_WIDTH);
  return useColor ? `\x1b[${assigned.get(name)}m${label}\x1b[0m │` : `${label} │`;
}

function readable(line: string): string {
  if (keepJson || !line.startsWith("{")) return line;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== "object" || parsed === null || !("msg" in parsed)) return line;
    return prettify(parsed).trimEnd();
  } catch {
    return line;
  }
}

export type LinePrinter = { print(line: string): void };

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape sequences
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]/g;

export function createLinePrinter(name: string): LinePrinter {
  const prefix = tag(name);
  return {
    print(line) {
      // Cursor codes (Next hides and shows the cursor) mean nothing once prefixed; drop such lines.
      if (line.includes("\x1b") && line.replace(ESCAPES, "").trim() === "") return;
      for (const part of readable(line).split("\n")) process.stdout.write(`${prefix} ${part}\n`);
    },
  };
}

/** A line from the launcher itself. */
export const say = createLinePrinter("dev").print;

export function bold(text: string): string {
  return useColor ? `\x1b[1m${text}\x1b[0m` : text;
}
