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
    linkExpires: "Nov 30, 2026, 9:00 AM",
    approveUrl: "https://app.dripr.example/approve/eyJhbGciOiJIUzI1NiJ9.example",
    campaignUrl: "https://app.dripr.example/campaigns/0195f0c2-7a3e-7c1a-9b1e-2f4d5a6b7c8e",
  };
}
