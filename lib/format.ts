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

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function parts(value: Date, timeZone: string): Record<string, string> {
  let cached = partFormatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
    });
    partFormatters.set(timeZone, cached);
  }
  return Object.fromEntries(cached.formatToParts(value).map((p) => [p.type, p.value]));
}

/** "Dec 3", or "Dec 3, 2025" when that is not the year of `now` (both in `timeZone`). */
export function formatDay(value: Date, timeZone: string, now: Date): string {
  const p = parts(value, timeZone);
  const year = p.year === parts(now, timeZone).year ? "" : `, ${p.year}`;
  return `${p.month} ${p.day}${year}`;
}

/** When an email goes out: "Tue Dec 8, 11:00 AM" (the year added outside the year of `now`). */
export function formatSendTime(value: Date, timeZone: string, now: Date): string {
  const p = parts(value, timeZone);
  return `${p.weekday} ${formatDay(value, timeZone, now)}, ${p.hour}:${p.minute} ${p.dayPeriod}`;
}
