/** Display helpers: instants shown in the agent's time zone. */

// Building an Intl.DateTimeFormat is costly and the poller formats a date for every transition it
// writes: keep one formatter per zone and style.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat("en-US", {
      timeZone,
      dateStyle: "medium",
      ...(withTime ? { timeStyle: "short" as const } : {}),
    });
    formatters.set(key, cached);
  }
  return cached;
}

export function formatDateTime(value: Date | null | undefined, timeZone: string): string {
  if (!value) return "—";
  return formatter(timeZone, true).format(value);
}

export function formatDate(value: Date | null | undefined, timeZone: string): string {
  if (!value) return "—";
  return formatter(timeZone, false).format(value);
}

export function ordinal(day: number): string {
  const suffix =
    day % 10 === 1 && day !== 11
      ? "st"
      : day % 10 === 2 && day !== 12
        ? "nd"
        : day % 10 === 3 && day !== 13
          ? "rd"
          : "th";
  return `${day}${suffix}`;
}
