import { fixture, type Handler, type Reply, startVendorServer } from "./vendor-server";

/**
 * The two Zillow APIs on RapidAPI: `X-RapidAPI-Key` + `X-RapidAPI-Host`, quota in
 * `x-ratelimit-requests-remaining`, RapidAPI's `{message}` error bodies. v1 answers
 * `/propertyExtendedSearch`, v2 `/search`; each from the reference payloads with the zip filled in.
 */

export const RAPIDAPI_KEY = "test-rapidapi-key";
export const V1_HOST = "zillow-com1.p.rapidapi.com";
export const V2_HOST = "zillow56.p.rapidapi.com";

type Options = { today: string; quota?: number };

export function zillowHandler(version: "v1" | "v2", options: Options): Handler {
  let remaining = options.quota ?? 10_000;
  const host = version === "v1" ? V1_HOST : V2_HOST;
  const v1 = fixture<{ props: Record<string, unknown>[] }>("zillow-property-extended-search.json");
  const v2 = fixture<{ results: Record<string, unknown>[] }>("zillow-search-results.json");
  const soldAt = Date.parse(`${options.today}T00:00:00Z`) - 10 * 86_400_000;
  return (request): Reply => {
    if (request.headers["x-rapidapi-key"] !== RAPIDAPI_KEY || request.headers["x-rapidapi-host"] !== host)
      return { status: 403, json: { message: "You are not subscribed to this API." } };
    remaining = Math.max(0, remaining - 1);
    const headers = {
      "x-ratelimit-requests-limit": "10000",
      "x-ratelimit-requests-remaining": String(remaining),
    };
    const zip = request.query.get("location") ?? "78041";
    if (version === "v1" && request.path === "/propertyExtendedSearch") {
      const sold = request.query.get("status_type") === "RecentlySold";
      const props = [0, 1, 2].map((i) => ({
        ...v1.props[0],
        zpid: `${zip}${i}`,
        address: `${700 + i} Emerson Loop, Laredo, TX ${zip}`,
        price: 467_000 + i * 1000,
        listingStatus: sold ? "RECENTLY_SOLD" : "FOR_SALE",
        ...(sold ? { dateSold: soldAt - i * 86_400_000 } : {}),
      }));
      return { status: 200, headers, json: { ...v1, props } };
    }
    if (version === "v2" && request.path === "/search") {
      const sold = request.query.get("status") === "recentlySold";
      const results = [0, 1].map((i) => ({
        ...v2.results[0],
        zpid: Number(`${zip}${i}`),
        streetAddress: `${800 + i} Emerson Loop`,
        zipcode: zip,
        homeStatus: sold ? "RECENTLY_SOLD" : "FOR_SALE",
        ...(sold ? { dateSold: soldAt - i * 86_400_000 } : {}),
      }));
      return { status: 200, headers, json: { ...v2, results } };
    }
    return { status: 404, json: { message: `Endpoint '${request.path}' does not exist` } };
  };
}

export function startZillowServer(version: "v1" | "v2", options: Options) {
  return startVendorServer(zillowHandler(version, options));
}
