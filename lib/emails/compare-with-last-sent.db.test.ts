import { describe, expect, it } from "vitest";
import { produceWrittenArtifact } from "@/lib/ai/produce-written-artifact";
import { lastSentValue } from "@/lib/campaigns/artifacts/read-cycle-artifacts";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import { getDb } from "@/lib/db";
import { renderCycleEmail } from "@/lib/emails/create-cycle-email";
import { getConfig } from "@/lib/env";
import type { EmailStatus } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";
import { TEST_MARKET, TEST_VALUATION } from "@/test/factories/market-data";

// Issue 15: "since my last update" compares with the last email the client actually received
// (status COMPLETE), never with one that was canceled, skipped, expired or failed.

const NOW = new Date("2026-11-20T17:00:00Z");
const log = logger.child({ test: "compare-with-last-sent" });
log.level = "silent";
const deps = () => ({ ...createPipelineDeps(getConfig(), getDb(), log), now: () => NOW });

/** A campaign in `cycle`, with a valuation for every cycle up to it and an email for each earlier one. */
async function campaignWith(
  cycle: number,
  earlier: { value: number; email: EmailStatus | null }[],
  value: number,
) {
  const db = getDb();
  const agent = await createTestAgent(db);
  const campaign = await createTestCampaign(db, agent.id, {
    clientFirstName: "Laura",
    status: "WAITING_FOR_HOME_ANALYSIS",
    cycle,
    purchasePrice: 650_000,
    purchaseDate: new Date("2022-03-15"),
    loanAmount: 585_000,
    loanRatePercent: 6.5,
    loanTermYears: 30,
  });
  const values = [...earlier.map((e) => e.value), value];
  await db.campaignArtifact.createMany({
    data: values.map((v, i) => ({
      campaignId: campaign.id,
      cycle: i + 1,
      kind: "PROPERTY_VALUATION" as const,
      status: "READY" as const,
      source: "sample",
      payload: { ...TEST_VALUATION, value: v, rangeLow: v - 30_000, rangeHigh: v + 30_000 },
    })),
  });
  // Every email shows its local market (required data).
  await db.campaignArtifact.create({
    data: {
      campaignId: campaign.id,
      cycle,
      kind: "LOCAL_MARKET",
      status: "READY",
      source: "sample",
      payload: TEST_MARKET,
    },
  });
  for (const [i, e] of earlier.entries()) {
    if (!e.email) continue;
    await db.email.create({
      data: {
        campaignId: campaign.id,
        userId: agent.id,
        cycle: i + 1,
        status: e.email,
        toEmail: campaign.clientEmail,
        toName: "Laura",
        subject: `Cycle ${i + 1}`,
        textBody: "…",
        htmlStorageKey: `emails/${campaign.id}/${i + 1}.html`,
        scheduledSendDatetime: new Date(NOW.getTime() - (earlier.length - i) * 30 * 86_400_000),
        messageId: `<${campaign.id}-${i + 1}@test>`,
      },
    });
  }
  return campaign;
}

describe("lastSentValue", () => {
  const cases: {
    name: string;
    earlier: { value: number; email: EmailStatus | null }[];
    expected: number | null;
  }[] = [
    { name: "first cycle: nothing earlier", earlier: [], expected: null },
    {
      name: "the earlier email went out",
      earlier: [{ value: 440_000, email: "COMPLETE" }],
      expected: 440_000,
    },
    {
      name: "the earlier email was canceled",
      earlier: [{ value: 440_000, email: "CANCELED" }],
      expected: null,
    },
    { name: "the earlier cycle made no email", earlier: [{ value: 440_000, email: null }], expected: null },
    {
      name: "sent, then canceled: the sent one",
      earlier: [
        { value: 440_000, email: "COMPLETE" },
        { value: 445_000, email: "CANCELED" },
      ],
      expected: 440_000,
    },
    {
      name: "sent, then expired, then failed: the sent one",
      earlier: [
        { value: 440_000, email: "COMPLETE" },
        { value: 445_000, email: "EXPIRED" },
        { value: 450_000, email: "FAILED" },
      ],
      expected: 440_000,
    },
    {
      name: "two sent: the later one",
      earlier: [
        { value: 440_000, email: "COMPLETE" },
        { value: 445_000, email: "COMPLETE" },
      ],
      expected: 445_000,
    },
    {
      name: "one still waiting to go out does not count",
      earlier: [
        { value: 440_000, email: "COMPLETE" },
        { value: 445_000, email: "READY" },
      ],
      expected: 440_000,
    },
  ];

  it.each(cases)("$name", async ({ earlier, expected }) => {
    const cycle = earlier.length + 1;
    const campaign = await campaignWith(cycle, earlier, 431_000);
    expect(await lastSentValue(getDb(), campaign.id, cycle)).toBe(expected);
  });
});

describe("the email and its home report compare with the last email sent", () => {
  // The client: bought for $650,000, now worth $431,000; the earlier email either went out
  // (at $436,000) or was canceled before it was sent.
  const cases: { name: string; earlier: EmailStatus | null; says: RegExp; reportSays: string }[] = [
    {
      name: "first email of the campaign",
      earlier: null,
      says: /^(?![\s\S]*my last update)/,
      reportSays: "This is your first home report from me",
    },
    {
      name: "the earlier email was canceled: still the client's first",
      earlier: "CANCELED",
      says: /^(?![\s\S]*my last update)/,
      reportSays: "This is your first home report from me",
    },
    {
      name: "the earlier email went out",
      earlier: "COMPLETE",
      says: /A little below the \$436,000 in my last update/,
      reportSays: "a little below the $436,000 in my last update",
    },
  ];

  it.each(cases)("$name", async ({ earlier, says, reportSays }) => {
    const db = getDb();
    const prior = earlier === null ? [] : [{ value: 436_000, email: earlier }];
    const cycle = prior.length + 1;
    const campaign = await campaignWith(cycle, prior, 431_000);
    expect(
      await produceWrittenArtifact({
        deps: deps(),
        kind: "HOME_REPORT",
        campaignId: campaign.id,
        cycle,
        expectedStatus: "WAITING_FOR_HOME_ANALYSIS",
        lastAttempt: false,
        log,
      }),
    ).toBe("produced");
    const forWork = await db.campaign.findUniqueOrThrow({
      where: { id: campaign.id },
      include: { user: true },
    });
    const email = await renderCycleEmail(deps(), forWork, NOW);
    if (!email) throw new Error("the email was not rendered");
    const { html, text } = email.rendered;
    for (const part of [html, text]) {
      expect(part).toMatch(says);
      expect(part).toContain(reportSays);
      expect(part).toContain("$431,000");
      // No loss figure, no "$0" equity, no "Unchanged", and (no rates in this database) no refinancing.
      expect(part).not.toMatch(/\$0\b|[−-]\$\d|\$219,000|33\.7%|Unchanged|equity|since you bought|refinanc/i);
    }
  });
});
