/**
 * Place names for sample listings. A zip-level call knows only the zip code, so the city comes from
 * a few known zips (the demo agents' areas), then the zip's 3-digit prefix (big metros), then the
 * state the prefix belongs to (USPS prefix ranges). Approximate by design: it is sample data.
 */

export type Place = { city: string; state: string };

const ZIP_CITIES: Record<string, Place> = {
  "07003": { city: "Bloomfield", state: "NJ" },
  "07028": { city: "Glen Ridge", state: "NJ" },
  "07042": { city: "Montclair", state: "NJ" },
  "07043": { city: "Montclair", state: "NJ" },
};

const PREFIX_CITIES: Record<string, Place> = {
  "021": { city: "Boston", state: "MA" },
  "070": { city: "Newark", state: "NJ" },
  "100": { city: "New York", state: "NY" },
  "112": { city: "Brooklyn", state: "NY" },
  "191": { city: "Philadelphia", state: "PA" },
  "200": { city: "Washington", state: "DC" },
  "282": { city: "Charlotte", state: "NC" },
  "303": { city: "Atlanta", state: "GA" },
  "328": { city: "Orlando", state: "FL" },
  "331": { city: "Miami", state: "FL" },
  "336": { city: "Tampa", state: "FL" },
  "372": { city: "Nashville", state: "TN" },
  "554": { city: "Minneapolis", state: "MN" },
  "606": { city: "Chicago", state: "IL" },
  "752": { city: "Dallas", state: "TX" },
  "761": { city: "Fort Worth", state: "TX" },
  "770": { city: "Houston", state: "TX" },
  "782": { city: "San Antonio", state: "TX" },
  "787": { city: "Austin", state: "TX" },
  "802": { city: "Denver", state: "CO" },
  "850": { city: "Phoenix", state: "AZ" },
  "891": { city: "Las Vegas", state: "NV" },
  "900": { city: "Los Angeles", state: "CA" },
  "921": { city: "San Diego", state: "CA" },
  "941": { city: "San Francisco", state: "CA" },
  "972": { city: "Portland", state: "OR" },
  "981": { city: "Seattle", state: "WA" },
};

/** First 3-digit prefix of each state's range, ascending (USPS; military prefixes folded in). */
// biome-ignore format: a lookup table reads better compact
const PREFIX_STATES: readonly (readonly [number, string])[] = [
  [0, "NY"], [6, "PR"], [10, "MA"], [28, "RI"], [30, "NH"], [39, "ME"], [50, "VT"], [60, "CT"],
  [70, "NJ"], [90, "NY"], [150, "PA"], [197, "DE"], [200, "DC"], [206, "MD"], [220, "VA"],
  [247, "WV"], [270, "NC"], [290, "SC"], [300, "GA"], [320, "FL"], [350, "AL"], [370, "TN"],
  [386, "MS"], [398, "GA"], [400, "KY"], [430, "OH"], [460, "IN"], [480, "MI"], [500, "IA"],
  [530, "WI"], [550, "MN"], [569, "DC"], [570, "SD"], [580, "ND"], [590, "MT"], [600, "IL"],
  [630, "MO"], [660, "KS"], [680, "NE"], [700, "LA"], [716, "AR"], [730, "OK"], [750, "TX"],
  [800, "CO"], [820, "WY"], [832, "ID"], [840, "UT"], [850, "AZ"], [870, "NM"], [885, "TX"],
  [889, "NV"], [900, "CA"], [967, "HI"], [970, "OR"], [980, "WA"], [995, "AK"],
];

// biome-ignore format: a lookup table reads better compact
const STATE_CITIES: Record<string, string> = {
  AK: "Anchorage", AL: "Birmingham", AR: "Little Rock", AZ: "Phoenix", CA: "Los Angeles", CO: "Denver",
  CT: "Hartford", DC: "Washington", DE: "Wilmington", FL: "Orlando", GA: "Atlanta", HI: "Honolulu",
  IA: "Des Moines", ID: "Boise", IL: "Chicago", IN: "Indianapolis", KS: "Wichita", KY: "Louisville",
  LA: "New Orleans", MA: "Boston", MD: "Baltimore", ME: "Portland", MI: "Detroit", MN: "Minneapolis",
  MO: "Kansas City", MS: "Jackson", MT: "Billings", NC: "Charlotte", ND: "Fargo", NE: "Omaha",
  NH: "Manchester", NJ: "Newark", NM: "Albuquerque", NV: "Las Vegas", NY: "New York", OH: "Columbus",
  OK: "Oklahoma City", OR: "Portland", PA: "Philadelphia", PR: "San Juan", RI: "Providence",
  SC: "Charleston", SD: "Sioux Falls", TN: "Nashville", TX: "Houston", UT: "Salt Lake City",
  VA: "Richmond", VT: "Burlington", WA: "Seattle", WI: "Milwaukee", WV: "Charleston", WY: "Cheyenne",
};

export function placeForZip(zipCode: string): Place {
  const known = ZIP_CITIES[zipCode] ?? PREFIX_CITIES[zipCode.slice(0, 3)];
  if (known) return known;
  const prefix = Number.parseInt(zipCode.slice(0, 3), 10);
  let state = "NY";
  for (const [start, code] of PREFIX_STATES) {
    if (start > prefix) break;
    state = code;
  }
  return { city: STATE_CITIES[state] ?? "Springfield", state };
}

// biome-ignore format: a word list reads better compact
export const STREET_NAMES = [
  "Oak", "Maple", "Cedar", "Elm", "Pine", "Willow", "Birch", "Magnolia", "Hickory", "Juniper",
  "Lakeview", "Ridgecrest", "Meadowbrook", "Fairview", "Highland", "Sunset", "Brookside", "Hillcrest",
  "Park", "Washington", "Lincoln", "Jefferson", "Franklin", "Madison", "Grant", "Chestnut", "Walnut",
  "Sycamore", "Aspen", "Bluebonnet", "Harbor", "Orchard", "Mill Creek", "Stonegate", "Forest Glen",
  "Valley View", "Spring", "Church", "Main", "Riverside",
] as const;

export const STREET_SUFFIXES = [
  "St",
  "Ave",
  "Dr",
  "Ln",
  "Ct",
  "Way",
  "Rd",
  "Pl",
  "Blvd",
  "Cir",
  "Ter",
  "Trl",
] as const;
