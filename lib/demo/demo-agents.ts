import type { Prisma } from "@/lib/generated/prisma/client";

/** The local demo agents and their past clients (seeded by lib/demo/seed-demo-agent.ts). */

export type DemoCampaign = {
  firstName: string;
  lastName: string;
  email: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  fixedSendDay: number;
  checkBeforeSending?: boolean;
  enabled?: boolean;
  /** A client emailed monthly for this many months (the default: 1), unless `hoursAgo` is set. */
  monthsActive?: number;
  /**
   * A client added this many hours ago whose first cycle is due: the local pipeline takes it through
   * every status within minutes of `npm run dev` (over 24 hours ago: past the first-time delay).
   */
  hoursAgo?: number;
  facts?: Partial<Pick<Prisma.CampaignCreateWithoutUserInput, HomeFact>>;
};
type HomeFact =
  | "bedrooms"
  | "bathrooms"
  | "squareFootage"
  | "purchasePrice"
  | "purchaseDate"
  | "loanAmount"
  | "loanRatePercent"
  | "loanTermYears";

export type DemoAgent = {
  user: Omit<Prisma.UserCreateInput, "campaigns">;
  campaigns: DemoCampaign[];
};

export const DEMO_AGENT_CLERK_ID = "local_demo";
export const OTHER_AGENT_CLERK_ID = "local_other";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

export const DEMO_AGENTS: DemoAgent[] = [
  {
    user: {
      clerkUserId: DEMO_AGENT_CLERK_ID,
      email: "demo@dripr.local",
      firstName: "Dana",
      lastName: "Whitfield",
      phone: "+19735550142",
      brokerageName: "Harborview Realty Group",
      licenseNumber: "NJ-1748293",
      addressLine1: "24 Church Street",
      addressLine2: "Suite 3",
      city: "Montclair",
      state: "NJ",
      postalCode: "07042",
      timeZone: "America/New_York",
      signOff: "Warmly,",
    },
    campaigns: [
      {
        firstName: "Margaret",
        lastName: "Okafor",
        email: "margaret.okafor@example.com",
        address: "38 Lorraine Avenue",
        city: "Montclair",
        state: "NJ",
        zip: "07043",
        fixedSendDay: 1,
        monthsActive: 7,
        facts: {
          bedrooms: 4,
          bathrooms: 2.5,
          squareFootage: 2460,
          purchasePrice: 865_000,
          purchaseDate: day("2021-06-18"),
          loanAmount: 692_000,
          loanRatePercent: 3.125,
          loanTermYears: 30,
        },
      },
      {
        firstName: "James",
        lastName: "Sullivan",
        email: "jim.sullivan@example.net",
        address: "112 Gates Avenue",
        city: "Montclair",
        state: "NJ",
        zip: "07042",
        fixedSendDay: 5,
        monthsActive: 4,
        checkBeforeSending: true,
      },
      {
        firstName: "Priya",
        lastName: "Raman",
        email: "priya.raman@example.org",
        address: "57 Ridgewood Avenue",
        city: "Glen Ridge",
        state: "NJ",
        zip: "07028",
        fixedSendDay: 9,
        monthsActive: 11,
        facts: {
          bedrooms: 5,
          bathrooms: 3,
          squareFootage: 3120,
          purchasePrice: 1_140_000,
          purchaseDate: day("2019-09-05"),
        },
      },
      {
        firstName: "Daniel",
        lastName: "Kowalski",
        email: "dkowalski@example.com",
        address: "19 Linden Avenue",
        city: "Bloomfield",
        state: "NJ",
        zip: "07003",
        fixedSendDay: 12,
        monthsActive: 2,
      },
      {
        firstName: "Sofia",
        lastName: "Marquez",
        email: "sofia.marquez@example.com",
        address: "246 Park Street",
        city: "Montclair",
        state: "NJ",
        zip: "07042",
        fixedSendDay: 15,
        monthsActive: 5,
        checkBeforeSending: true,
        facts: {
          bedrooms: 3,
          bathrooms: 2,
          squareFootage: 1850,
          purchasePrice: 712_500,
          purchaseDate: day("2022-04-29"),
          loanAmount: 570_000,
          loanRatePercent: 5.25,
          loanTermYears: 30,
        },
      },
      {
        firstName: "Kevin",
        lastName: "O'Brien",
        email: "kevin.obrien@example.net",
        address: "83 Broughton Avenue",
        city: "Bloomfield",
        state: "NJ",
        zip: "07003",
        fixedSendDay: 18,
        monthsActive: 3,
        enabled: false,
      },
      {
        firstName: "Thomas",
        lastName: "Nguyen",
        email: "thomas.nguyen@example.com",
        address: "7 Clark Street",
        city: "Glen Ridge",
        state: "NJ",
        zip: "07028",
        fixedSendDay: 21,
        hoursAgo: 0.5,
        facts: { bedrooms: 4, bathrooms: 2, squareFootage: 2210 },
      },
      {
        firstName: "Rachel",
        lastName: "Goldberg",
        email: "rachel.goldberg@example.org",
        address: "301 Upper Mountain Avenue",
        city: "Montclair",
        state: "NJ",
        zip: "07043",
        fixedSendDay: 24,
        hoursAgo: 3,
        checkBeforeSending: true,
      },
      {
        firstName: "Marcus",
        lastName: "Bennett",
        email: "marcus.bennett@example.com",
        address: "64 Belleville Avenue",
        city: "Bloomfield",
        state: "NJ",
        zip: "07003",
        fixedSendDay: 27,
        hoursAgo: 6,
        facts: {
          purchasePrice: 489_000,
          purchaseDate: day("2020-11-12"),
          loanAmount: 440_100,
          loanRatePercent: 2.875,
          loanTermYears: 30,
        },
      },
      {
        firstName: "Elena",
        lastName: "Petrova",
        email: "elena.petrova@example.net",
        address: "15 Hillside Avenue",
        city: "Glen Ridge",
        state: "NJ",
        zip: "07028",
        fixedSendDay: 28,
        hoursAgo: 30,
      },
    ],
  },
  {
    user: {
      clerkUserId: OTHER_AGENT_CLERK_ID,
      email: "other@dripr.local",
      firstName: "Oliver",
      lastName: "Grant",
      phone: "+15125550187",
      brokerageName: "Live Oak Realty",
      addressLine1: "1100 South Lamar Boulevard",
      city: "Austin",
      state: "TX",
      postalCode: "78704",
      timeZone: "America/Chicago",
    },
    campaigns: [
      {
        firstName: "Hannah",
        lastName: "Lee",
        email: "hannah.lee@example.com",
        address: "1804 Kinney Avenue",
        city: "Austin",
        state: "TX",
        zip: "78704",
        fixedSendDay: 10,
        monthsActive: 6,
      },
      {
        firstName: "Carlos",
        lastName: "Rivera",
        email: "carlos.rivera@example.org",
        address: "6512 Emerald Forest Drive",
        city: "Austin",
        state: "TX",
        zip: "78745",
        fixedSendDay: 20,
        monthsActive: 1,
        checkBeforeSending: true,
      },
    ],
  },
];
