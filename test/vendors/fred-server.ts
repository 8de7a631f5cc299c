import { fixture, type Handler, startVendorServer } from "./vendor-server";

/**
 * FRED's `/fred/series/observations` (api_key in the query, `file_type=json`): the reference payload
 * for MORTGAGE30US, and weekly values for any series from `rates` (newest first, "." = missing).
 */

export const FRED_KEY = "abcdefghijklmnopqrstuvwxyz123456";

export function fredHandler(rates: Record<string, { date: string; value: string }[]>): Handler {
  const reference = fixture<Record<string, unknown>>("fred-mortgage30us.json");
  return (request) => {
    if (request.path !== "/series/observations")
      return { status: 404, json: { error_code: 404, error_message: "Not Found" } };
    if (request.query.get("api_key") !== FRED_KEY)
      return {
        status: 400,
        json: {
          error_code: 400,
          error_message: "Bad Request.  The value for variable api_key is not registered.",
        },
      };
    const series = request.query.get("series_id") ?? "";
    const observations = rates[series];
    if (!observations)
      return {
        status: 400,
        json: { error_code: 400, error_message: "Bad Request.  The series does not exist." },
      };
    const limit = Number(request.query.get("limit") ?? 100000);
    const shown = observations
      .slice(0, limit)
      .map((o) => ({ realtime_start: o.date, realtime_end: o.date, ...o }));
    return { status: 200, json: { ...reference, count: observations.length, limit, observations: shown } };
  };
}

export function startFredServer(rates: Record<string, { date: string; value: string }[]>) {
  return startVendorServer(fredHandler(rates), "/fred");
}
