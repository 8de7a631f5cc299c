import type { Prisma, User } from "@/lib/generated/prisma/client";
import { pick, type TestDb, uniqueToken } from "./unique";

const FIRST_NAMES = ["Avery", "Morgan", "Priya", "Daniel", "Lucia"] as const;
const LAST_NAMES = ["Chen", "Okafor", "Brennan", "Alvarez", "Kowalski"] as const;

/** Data for a valid agent (User) with a unique `local_test_…` clerkUserId and email; overrides win. */
export function buildTestAgent(overrides: Partial<Prisma.UserCreateInput> = {}): Prisma.UserCreateInput {
  const token = uniqueToken();
  const firstName = pick(FIRST_NAMES);
  const lastName = pick(LAST_NAMES);
  return {
    clerkUserId: `local_test_${token}`,
    email: `${firstName}.${lastName}.${token}@agents.example.com`.toLowerCase(),
    firstName,
    lastName,
    phone: "+15125550142",
    brokerageName: "Harbor & Pine Realty",
    licenseNumber: "TX-0654321",
    addressLine1: "500 Congress Ave, Suite 210",
    city: "Austin",
    state: "TX",
    postalCode: "78701",
    timeZone: "America/Chicago",
    ...overrides,
  };
}

export function createTestAgent(db: TestDb, overrides: Partial<Prisma.UserCreateInput> = {}): Promise<User> {
  return db.user.create({ data: buildTestAgent(overrides) });
}
