/**
 * Inputs of the scheduling rules (DESIGN.md §5). The agent's settings give `timeZone` and
 * `sendingWindowEnabled`; the other numbers come from configuration (FIRST_TIME_CAMPAIGN_DELAY_HOURS,
 * MIN_DAYS_BETWEEN_EMAILS, EMAIL_PREPARE_LEAD_HOURS). Every function in this folder takes them as an
 * argument, together with `now` where it matters, and reads no clock or environment of its own.
 */
export type SchedulingSettings = {
  /** IANA zone of the agent, e.g. "America/New_York". Every "local" date and time below is in it. */
  timeZone: string;
  /** When false there is no window: any instant may send (send dates still sit at 11:00 local). */
  sendingWindowEnabled: boolean;
  /** Elapsed hours after the campaign's creation before its first email may go out. */
  firstTimeDelayHours: number;
  /** Calendar days (local dates) between a send and the next send date; a whole number ≥ 0. */
  minDaysBetweenEmails: number;
  /** Elapsed hours before `nextSendDate` at which the cycle starts; 0 = start on the send date. */
  prepareLeadHours: number;
};

export const DEFAULT_TIME_ZONE = "America/New_York";

export const DEFAULT_SCHEDULING: SchedulingSettings = {
  timeZone: DEFAULT_TIME_ZONE,
  sendingWindowEnabled: true,
  firstTimeDelayHours: 24,
  minDaysBetweenEmails: 14,
  prepareLeadHours: 48,
};

/**
 * The sending window is [11:00, 18:00) local wall-clock time: 11:00:00.000 is inside, 17:59:59.999 is
 * inside, 18:00:00.000 is outside. Wall-clock, not an offset, so DST switches do not move it.
 */
export const SENDING_WINDOW_OPENS_HOUR = 11;
export const SENDING_WINDOW_CLOSES_HOUR = 18;
/** The window as the agent reads it: "11:00–18:00". */
export const SENDING_WINDOW_LABEL = `${SENDING_WINDOW_OPENS_HOUR}:00–${SENDING_WINDOW_CLOSES_HOUR}:00`;

/** `fixedSendDay` is 1–28 (a database CHECK too), so every month, February included, has it. */
export const MIN_FIXED_SEND_DAY = 1;
export const MAX_FIXED_SEND_DAY = 28;
