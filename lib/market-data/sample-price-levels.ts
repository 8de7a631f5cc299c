import { placeForZip } from "@/lib/market-data/sample-places";

/**
 * Typical home values for sample data, so a sample market is priced like its area: a Montclair, NJ
 * zip near $1M, a Houston one near $300k. Rounded, approximate levels of early 2026 (in the spirit of
 * published typical-value indexes), looked up like sample-places.ts: a few known zips (the demo
 * agents' area), then the big metros by 3-digit prefix, then the state. It is sample data: each zip
 * still gets its own level around these (sample-provider.ts).
 */

const ZIP_LEVELS: Record<string, number> = {
  "07003": 560_000, // Bloomfield, NJ
  "07028": 1_050_000, // Glen Ridge, NJ
  "07042": 1_000_000, // Montclair, NJ
  "07043": 1_150_000, // Upper Montclair, NJ
};

// biome-ignore format: a lookup table reads better compact
const PREFIX_LEVELS: Record<string, number> = {
  "021": 850_000, "070": 480_000, "100": 1_050_000, "112": 950_000, "191": 250_000, "200": 650_000,
  "282": 400_000, "303": 420_000, "328": 390_000, "331": 620_000, "336": 400_000, "372": 460_000,
  "554": 330_000, "606": 360_000, "752": 350_000, "761": 300_000, "770": 290_000, "782": 260_000,
  "787": 560_000, "802": 590_000, "850": 430_000, "891": 440_000, "900": 1_000_000, "921": 980_000,
  "941": 1_300_000, "972": 540_000, "981": 900_000,
};

// biome-ignore format: a lookup table reads better compact
const STATE_LEVELS: Record<string, number> = {
  AK: 380_000, AL: 230_000, AR: 210_000, AZ: 430_000, CA: 780_000, CO: 550_000, CT: 430_000,
  DC: 620_000, DE: 390_000, FL: 400_000, GA: 330_000, HI: 850_000, IA: 230_000, ID: 460_000,
  IL: 290_000, IN: 250_000, KS: 230_000, KY: 220_000, LA: 210_000, MA: 660_000, MD: 430_000,
  ME: 410_000, MI: 250_000, MN: 340_000, MO: 260_000, MS: 190_000, MT: 480_000, NC: 340_000,
  ND: 270_000, NE: 270_000, NH: 500_000, NJ: 560_000, NM: 320_000, NV: 450_000, NY: 500_000,
  OH: 240_000, OK: 210_000, OR: 510_000, PA: 270_000, PR: 160_000, RI: 490_000, SC: 310_000,
  SD: 310_000, TN: 330_000, TX: 310_000, UT: 540_000, VA: 400_000, VT: 400_000, WA: 620_000,
  WI: 310_000, WV: 170_000, WY: 360_000,
};

export type AreaPriceLevel = {
  /** Typical home value of the area in January 2026, US dollars. */
  price: number;
  /** How closely the level is known: an exact zip varies little around it, a state a lot. */
  precision: "zip" | "area";
};

export function areaPriceLevel(zipCode: string): AreaPriceLevel {
  const zip = ZIP_LEVELS[zipCode];
  if (zip) return { price: zip, precision: "zip" };
  const metro = PREFIX_LEVELS[zipCode.slice(0, 3)];
  if (metro) return { price: metro, precision: "area" };
  return { price: STATE_LEVELS[placeForZip(zipCode).state] ?? 330_000, precision: "area" };
}
