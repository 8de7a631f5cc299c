import type { ApprovalEmailVariables } from "@/lib/emails/render-approval-email";
import type { HomeownerEmailVariables } from "@/lib/emails/render-homeowner-email";

/**
 * Realistic, fixed variables for every template: the visual check (scripts/render-email-previews.ts),
 * the render benchmark and the snapshot tests render these, so they stay comparable over time.
 */

export function exampleHomeownerVariables(): HomeownerEmailVariables {
  return {
    month: "2026-11",
    agent: {
      name: "Sam Rivera",
      brokerage: "Harbor & Pine Realty",
      phone: "+15125550142",
      email: "sam@harborpine.example.com",
      photoUrl: null,
      brandColor: "#1f4e79",
      postalAddressLines: ["500 Congress Ave, Suite 210", "Austin, TX 78701"],
      signOff: "Talk soon,",
    },
    clientFirstName: "Maria",
    property: { addressLine1: "1204 Maple Street", city: "Austin", state: "TX", zipCode: "78704" },
    introText:
      "I hope November is treating you and the family well! With the holidays coming up, I wanted to send over your monthly look at the home and the neighborhood.\n\nBouldin Creek stayed busy this fall — homes near you are still selling in about a month.",
    homeValue: { value: 612_000, rangeLow: 575_000, rangeHigh: 649_000, previousValue: 604_500 },
    ownership: {
      purchasePrice: 415_000,
      purchaseDate: "2019-06-14",
      loanAmount: 332_000,
      loanRatePercent: 7.25,
      loanTermYears: 30,
    },
    market: {
      zipCode: "78704",
      asOf: "2026-11-20",
      medianPrice: 598_500,
      medianPriceChangeMonthPct: 0.4,
      medianPriceChangeYearPct: 4.2,
      medianDaysOnMarket: 32,
      activeListings: 118,
      newListings: 27,
      medianPricePerSqft: 362,
      trend: "rising",
      history: [{ month: "2026-11", medianPrice: 598_500 }],
    },
    mortgageRates: {
      weeks: [
        { weekOf: "2026-10-08", ratePercent: 6.42 },
        { weekOf: "2026-10-15", ratePercent: 6.38 },
        { weekOf: "2026-10-22", ratePercent: 6.4 },
        { weekOf: "2026-10-29", ratePercent: 6.33 },
        { weekOf: "2026-11-05", ratePercent: 6.31 },
        { weekOf: "2026-11-12", ratePercent: 6.26 },
        { weekOf: "2026-11-19", ratePercent: 6.24 },
        { weekOf: "2026-11-26", ratePercent: 6.19 },
      ],
    },
    listings: [
      home("3821 Hargis St", 899_000, 4, 2.5, 2345, 52, "2026-09-29", null, "single_family"),
      home("1610 Kinney Ave #3", 545_000, 2, 2, 1180, 5, "2026-11-15", null, "townhouse"),
      home("907 W Mary St", 675_000, 3, 2, 1540, 19, "2026-11-01", null, "single_family"),
    ],
    recentSales: [
      home("1802 Newton St", 642_000, 3, 2, 1610, 28, "2026-09-12", "2026-10-10", "single_family"),
      home("6807 Blue Lake Dr #204", 398_500, 2, 2, null, 30, "2026-09-04", "2026-10-04", "condo"),
    ],
    homeReportText:
      "Your home is estimated at $612,000 this month, up $7,500 since my last update. Homes like yours — three bedrooms within a few blocks — sold for $598,000 to $642,000 this fall.\n\nWith 118 homes for sale and a median of 32 days on market, the neighborhood is balanced: well-priced homes still go quickly, while the rest wait.",
    unsubscribeUrl: "https://app.dripr.example/unsubscribe/eyJhbGciOiJIUzI1NiJ9.example",
    sampleData: false,
  };
}

/**
 * A home worth less than its loan (bought at the 2022 peak with 3.5% down), in the client's first
 * email, in a cooling market (issue 15): no equity figure, no "since you bought" loss, no change
 * line, and no refinance suggestion although this week's rate is well under the loan's.
 */
export function exampleUnderwaterVariables(): HomeownerEmailVariables {
  const example = exampleHomeownerVariables();
  return {
    ...example,
    clientFirstName: "Daniel",
    property: { addressLine1: "77 Juniper Court", city: "Austin", state: "TX", zipCode: "78745" },
    introText:
      "I hope November has been good to you, Daniel. I wanted to start sending you a short monthly note on your home and the neighborhood, so you always have the numbers at hand.",
    homeValue: { value: 572_000, rangeLow: 538_000, rangeHigh: 606_000, previousValue: null },
    ownership: {
      purchasePrice: 650_000,
      purchaseDate: "2022-06-10",
      loanAmount: 627_250,
      loanRatePercent: 7.25,
      loanTermYears: 30,
    },
    market: example.market && {
      ...example.market,
      zipCode: "78745",
      medianPrice: 455_000,
      medianPriceChangeMonthPct: -0.6,
      medianPriceChangeYearPct: -3.1,
      medianDaysOnMarket: 58,
      activeListings: 164,
      newListings: 31,
      trend: "falling",
    },
    listings: [],
    recentSales: [],
    homeReportText:
      "Your home at 77 Juniper Court is estimated at about $572,000 this month, with a likely range of $538,000 to $606,000. This is your first home report from me, so next month you'll also see how the value has changed. In the 78745 area, the median sale price is $455,000, homes are selling in about 58 days, and 164 homes are for sale. Prices nearby have eased (down 3.1% over the past year), which mostly matters if you're thinking about a move soon.",
  };
}

/**
 * A client's first email (nothing sent before, so no change line) before this week's mortgage rates
 * are in (a fresh `npm run dev`): no rates section, and neither the refinance note nor the closing
 * line mentions refinancing (issue 10).
 */
export function exampleFirstEmailWithoutRatesVariables(): HomeownerEmailVariables {
  const example = exampleHomeownerVariables();
  return {
    ...example,
    homeValue: { ...example.homeValue, previousValue: null },
    mortgageRates: null,
    homeReportText:
      "Your home at 1204 Maple Street is estimated to be worth about $612,000 this month, with a likely range of $575,000 to $649,000. This is your first home report from me, so next month you'll also see how the value has changed. With 118 homes for sale and a median of 32 days on market, the neighborhood is balanced: well-priced homes still go quickly, while the rest wait.",
  };
}

function home(
  addressLine1: string,
  price: number,
  bedrooms: number,
  bathrooms: number,
  squareFootage: number | null,
  daysOnMarket: number,
  listedDate: string,
  soldDate: string | null,
  propertyType: "single_family" | "condo" | "townhouse",
) {
  return {
    addressLine1,
    city: "Austin",
    state: "TX",
    zipCode: "78704",
    price,
    bedrooms,
    bathrooms,
    squareFootage,
    daysOnMarket,
    listedDate,
    soldDate,
    propertyType,
  };
}

export function exampleApprovalVariables(): ApprovalEmailVariables {
  return {
    agentFirstName: "Sam",
    clientFirstName: "Maria",
    toName: "Maria Delgado",
    toEmail: "maria.delgado@example.com",
    property: "1204 Maple Street, Austin, TX",
    emailSubject: "Your home at 1204 Maple Street: November update",
    introText:
      "I hope November is treating you and the family well! With the holidays coming up, I wanted to send over your monthly look at the home and the neighborhood.",
    homeValue: "$612,000",
    scheduledFor: "Nov 25, 2026, 11:00 AM",
    sendingWindowEnabled: true,
    linkExpires: "Nov 30, 2026, 9:00 AM",
    approveUrl: "https://app.dripr.example/approve/eyJhbGciOiJIUzI1NiJ9.example",
    campaignUrl: "https://app.dripr.example/campaigns/0195f0c2-7a3e-7c1a-9b1e-2f4d5a6b7c8e",
  };
}
