import { DateTime } from "luxon";
import { SYSTEM_ACTOR } from "@/lib/campaigns/actors";
import { DEMO_AGENTS, type DemoCampaign } from "@/lib/demo/demo-agents";
import { type CampaignStatus, Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { inZone } from "@/lib/scheduling/local-time";

/**
 * Local demo data (DESIGN.md §9): the agent behind "Continue as the demo agent" with realistic past
 * clients, and a second agent whose data must never show up for the first (tenant isolation).
 * Idempotent: an agent that already exists (by clerkUserId) is left exactly as it is, so a second
 * `npm run dev` keeps whatever was changed in the app.
 *
 * Dates are computed from `now` so the demo always looks current. Dormant campaigns have a history
 * of monthly sends; the others are first cycles of recently added clients (`nextSendDate = createdAt`).
 * No artifacts or emails are created (the pipeline produces those), so a demo campaign past
 * WAITING_FOR_DATA has nothing to show or send until the workers' recovery re-runs its cycle.
 */

export type SeedResult = { clerkUserId: string; email: string; created: boolean; campaigns: number };

export async function seedDemoAgent(db: PrismaClient, now = new Date()): Promise<SeedResult[]> {
  const results: SeedResult[] = [];
  for (const agent of DEMO_AGENTS) {
    const { clerkUserId, email } = agent.user;
    const existing = await db.user.findUnique({ where: { clerkUserId }, select: { id: true } });
    if (existing) {
      results.push({ clerkUserId, email, created: false, campaigns: 0 });
      continue;
    }
    const timeZone = agent.user.timeZone ?? "America/New_York";
    const campaigns = agent.campaigns.map((c) => campaignData(c, timeZone, now));
    // The agent signed up shortly before adding the first client.
    const firstCampaignAt = Math.min(...campaigns.map((c) => new Date(c.createdAt ?? now).getTime()));
    try {
      // One nested create: the agent, its campaigns and their history appear together or not at all.
      await db.user.create({
        data: {
          ...agent.user,
          createdAt: new Date(firstCampaignAt - 24 * HOUR_MS),
          campaigns: { create: campaigns },
        },
      });
    } catch (error) {
      // Another seed run created it between our check and our insert.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        results.push({ clerkUserId, email, created: false, campaigns: 0 });
        continue;
      }
      throw error;
    }
    results.push({ clerkUserId, email, created: true, campaigns: agent.campaigns.length });
  }
  return results;
}

function campaignData(c: DemoCampaign, timeZone: string, now: Date): Prisma.CampaignCreateWithoutUserInput {
  const schedule = c.hoursAgo !== undefined ? firstCycle(c, now) : monthlyHistory(c, timeZone, now);
  return {
    clientFirstName: c.firstName,
    clientLastName: c.lastName,
    clientEmail: c.email.toLowerCase(),
    propertyAddressLine1: c.address,
    propertyCity: c.city,
    propertyState: c.state,
    zipCode: c.zip,
    fixedSendDay: c.fixedSendDay,
    checkBeforeSending: c.checkBeforeSending ?? false,
    enabled: c.enabled ?? true,
    ...c.facts,
    ...schedule,
    // The creation event as the app records it (cycle 0, DORMANT); the demo has no later events.
    history: {
      create: {
        cycle: 0,
        toStatus: "DORMANT",
        event: "CREATED",
        actor: SYSTEM_ACTOR,
        reason: "demo data",
        at: schedule.createdAt,
      },
    },
  };
}

type Schedule = {
  status: CampaignStatus;
  cycle: number;
  createdAt: Date;
  statusChangedAt: Date;
  nextSendDate: Date | null;
  lastScheduledSendDate?: Date;
  lastSentEmailDatetime?: Date;
  emailCreationStatus?: "READY";
};

const HOUR_MS = 3_600_000;

/**
 * A client added recently whose first cycle is due now (it starts at creation, DESIGN.md §5): the
 * poller starts it on its first tick, so the demo shows every status with consistent data.
 */
function firstCycle(c: DemoCampaign, now: Date): Schedule {
  const createdAt = new Date(now.getTime() - (c.hoursAgo ?? 1) * HOUR_MS);
  return { status: "DORMANT", cycle: 0, createdAt, statusChangedAt: createdAt, nextSendDate: createdAt };
}

/** A client emailed every month on `fixedSendDay` at 11:00 local, last on the latest such day. */
function monthlyHistory(c: DemoCampaign, timeZone: string, now: Date): Schedule {
  const today = inZone(now, timeZone);
  const lastMonth = today.day > c.fixedSendDay ? today.month : today.month - 1;
  const lastSend = zonedTime(timeZone, today.year, lastMonth, c.fixedSendDay, 11);
  const months = c.monthsActive ?? 1;
  const createdAt = zonedTime(timeZone, today.year, lastMonth - months, c.fixedSendDay - 4, 15, 20);
  const enabled = c.enabled ?? true;
  return {
    status: "DORMANT",
    cycle: months + 1,
    createdAt,
    statusChangedAt: new Date(lastSend.getTime() + 3 * 60_000),
    // Disabled campaigns have no next date; re-enabling computes one from then.
    nextSendDate: enabled ? zonedTime(timeZone, today.year, lastMonth + 1, c.fixedSendDay, 11) : null,
    lastScheduledSendDate: lastSend,
    lastSentEmailDatetime: new Date(lastSend.getTime() + 2 * 60_000),
  };
}

/**
 * The instant of a local wall-clock time in `timeZone`. Months and days out of range roll over
 * (month 0 is December of the previous year), as with `Date.UTC`.
 */
function zonedTime(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute = 0,
): Date {
  return DateTime.fromObject({ year, month: 1, day: 1, hour, minute }, { zone: timeZone })
    .plus({ months: month - 1, days: day - 1 })
    .toJSDate();
}
