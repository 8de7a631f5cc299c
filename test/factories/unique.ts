import { randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/** The root client or the client of an interactive transaction. */
export type TestDb = PrismaClient | Prisma.TransactionClient;

let sequence = 0;

/**
 * A short lower-case token unique across files and workers (random part) and readable within a file
 * (sequence part), for ids, emails and names that have unique constraints.
 */
export function uniqueToken(): string {
  sequence += 1;
  return `${randomBytes(5).toString("hex")}${sequence.toString(36)}`;
}

/** A value from `list`, rotating with the sequence so consecutive rows look different. */
export function pick<L extends readonly [unknown, ...unknown[]]>(list: L): L[number] {
  // In range by construction; the cast only drops `undefined` from noUncheckedIndexedAccess.
  return list[sequence % list.length] as L[number];
}
