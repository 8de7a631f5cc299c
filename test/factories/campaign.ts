import type { Campaign, Prisma } from "@/lib/generated/prisma/client";
import { pick, type TestDb, uniqueToken } from "./unique";

type CampaignOverrides = Partial<Omit<Prisma.CampaignUncheckedCreateInput, "userId">>;

const CLIENTS = [
  ["Jordan", "Rivera"],
  ["Emily", "Nguyen"],
  ["Marcus", "Whitfield"],
  ["Sofia", "Delgado"],
] as const;
const PROPERTIES = [
  {
    propertyAddressLine1: "1204 Maple Street",
    propertyCity: "Austin",
    propertyState: "TX",
    zipCode: "78704",
  },
  {
    propertyAddressLine1: "87 Harbor View Lane",
    propertyCity: "Tampa",
    propertyState: "FL",
    zipCode: "33606",
  },
  {
    propertyAddressLine1: "4410 N Ridge Road",
    propertyCity: "Denver",
    propertyState: "CO",
    zipCode: "80212",
  },
] as const;

/**
 * Data for a valid campaign of agent `userId`: a realistic homeowner with a unique, lower-cased
 * email (the database checks it), a 5-digit zip and a send day within 1–28. Overrides are used
 * verbatim, so a test can also try values the database must refuse.
 */
export function buildTestCampaign(
  userId: string,
  overrides: CampaignOverrides = {},
): Prisma.CampaignUncheckedCreateInput {
  const token = uniqueToken();
  const [clientFirstName, clientLastName] = pick(CLIENTS);
  return {
    userId,
    clientFirstName,
    clientLastName,
    clientEmail: `${clientFirstName}.${clientLastName}.${token}@example.com`.toLowerCase(),
    ...pick(PROPERTIES),
    bedrooms: 3,
    bathrooms: 2,
    squareFootage: 1850,
    purchasePrice: 415_000,
    purchaseDate: new Date("2019-06-14"),
    fixedSendDay: 15,
    ...overrides,
  };
}

export function createTestCampaign(
  db: TestDb,
  userId: string,
  overrides: CampaignOverrides = {},
): Promise<Campaign> {
  return db.campaign.create({ data: buildTestCampaign(userId, overrides) });
}
