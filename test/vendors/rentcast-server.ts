import { fixture, type Handler, type Reply, startVendorServer, tokenBucket } from "./vendor-server";

/**
 * Rentcast's wire format (api.rentcast.io/v1): `X-Api-Key`, 401/404/429 bodies shaped like
 * `{status, error, message}`, 20 requests/s per key. Payloads are the reference examples with the
 * requested zip code filled in; recent sales end `today`.
 */

export const RENTCAST_KEY = "test-rentcast-key";

type Options = { today: string; requestsPerSecond?: number; latencyMs?: number };

const error = (status: number, code: string, message: string): Reply => ({
  status,
  json: { status, error: code, message },
});

export function rentcastHandler(options: Options): Handler {
  const allow = options.requestsPerSecond ? tokenBucket(options.requestsPerSecond) : () => true;
  const market = fixture<Record<string, unknown> & { saleData: Record<string, unknown> }>(
    "rentcast-markets.json",
  );
  const [listing] = fixture<Record<string, unknown>[]>("rentcast-listings-sale.json");
  const avm = fixture<Record<string, unknown>>("rentcast-avm-value.json");
  const month = options.today.slice(0, 7);
  return (request) => {
    if (request.headers["x-api-key"] !== RENTCAST_KEY)
      return error(401, "auth/api-key-invalid", "The API key provided is invalid");
    if (!allow()) return error(429, "auth/rate-limit-exceeded", "Rate limit exceeded, please slow down");
    const zipCode = request.query.get("zipCode") ?? "78244";
    const ok = (json: unknown): Reply => ({ status: 200, json, delayMs: options.latencyMs });
    switch (request.path) {
      case "/markets": {
        const months = history(month, Number(zipCode));
        const current = months[month] as { medianPrice: number };
        return ok({
          ...market,
          id: zipCode,
          zipCode,
          saleData: {
            ...market.saleData,
            medianPrice: current.medianPrice,
            lastUpdatedDate: `${options.today}T00:00:00.000Z`,
            history: months,
          },
        });
      }
      case "/listings/sale": {
        const sold = request.query.get("status") === "Inactive";
        return ok(
          Array.from({ length: 5 }, (_, i) => ({
            ...listing,
            id: `${100 + i}-Test-St-${zipCode}`,
            formattedAddress: `${100 + i} Test St, Austin, TX ${zipCode}`,
            addressLine1: `${100 + i} Test St`,
            zipCode,
            status: sold ? "Inactive" : "Active",
            price: 400_000 + i * 10_000,
            listedDate: `${shift(options.today, -40 - i)}T00:00:00.000Z`,
            removedDate: sold ? `${shift(options.today, -i * 30)}T00:00:00.000Z` : null,
          })),
        );
      }
      case "/avm/value":
        if (!request.query.get("address"))
          return error(400, "request/invalid-parameters", "address is required");
        return ok(avm);
      case "/properties":
        return ok([
          {
            ...(avm.subjectProperty as object),
            taxAssessments: { "2023": { year: 2023, value: 210000 }, "2024": { year: 2024, value: 225000 } },
          },
        ]);
      default:
        return error(404, "resource/not-found", `No route ${request.path}`);
    }
  };
}

/** 13 months of medians ending in `month`, rising 1 % a month, different per zip. */
function history(month: string, seed: number) {
  const entries: Record<string, unknown> = {};
  const base = 250_000 + (seed % 97) * 1000;
  for (let i = 12; i >= 0; i--) {
    const d = new Date(`${month}-01T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - i);
    const key = d.toISOString().slice(0, 7);
    entries[key] = {
      date: d.toISOString(),
      medianPrice: Math.round(base * 1.01 ** (12 - i)),
      medianDaysOnMarket: 40,
      totalListings: 250,
    };
  }
  return entries;
}

function shift(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function startRentcastServer(options: Options) {
  return startVendorServer(rentcastHandler(options), "/v1");
}
