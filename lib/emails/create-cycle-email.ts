import { randomUUID } from "node:crypto";
import { POSTAL_ADDRESS_REQUIRED, postalAddressLines } from "@/lib/agents/postal-address";
import type { CampaignForWork } from "@/lib/campaigns/artifacts/produce-artifact";
import { lastSentValue, readCycleArtifacts } from "@/lib/campaigns/artifacts/read-cycle-artifacts";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { FAILED_CYCLE_RETRY_HOURS } from "@/lib/campaigns/poller/advance-gathered-campaigns";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { transitionCampaign } from "@/lib/campaigns/transition-campaign";
import { loadCampaignForWork } from "@/lib/campaigns/work-batches";
import { queryRows } from "@/lib/db";
import { emailHtmlKey, putEmailHtml } from "@/lib/emails/email-html-storage";
import type { MortgageRateTrend, OwnershipFacts } from "@/lib/emails/homeowner-email-sections";
import { insertCycleEmail } from "@/lib/emails/insert-cycle-email";
import { markEmailCreated } from "@/lib/emails/mark-email-created";
import {
  type HomeownerEmailVariables,
  type RenderedEmail,
  renderHomeownerEmail,
} from "@/lib/emails/render-homeowner-email";
import { sendApprovalMail } from "@/lib/emails/send-approval-mail";
import { unsubscribeToken, unsubscribeUrl } from "@/lib/emails/unsubscribe-link";
import { formatDateTime } from "@/lib/format";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { rememberRates, utcDayStart } from "@/lib/market-data/rates-memo";
import { nextSendDateStartingCycleAt } from "@/lib/scheduling/cycle-start-due";
import { inZone } from "@/lib/scheduling/local-time";
import { scheduledSendDatetime } from "@/lib/scheduling/scheduled-send-datetime";
import type { SchedulingSettings } from "@/lib/scheduling/types";

const ACTOR = "WORKER:email";
export const POSTAL_ADDRESS_RETRY_HOURS = 24;

export type CreateEmailOutcome = "created" | "stale" | "already-done" | "cycle-failed";

/**
 * The email-creation consumer's work (DESIGN.md §4, §6), idempotent per campaign and cycle:
 * renders the homeowner email from the cycle's artifacts, stores the HTML in S3, records the Email
 * (unique per campaign and cycle) with its scheduled send time, expires older unapproved emails,
 * and marks the campaign's email READY. A retry after a crash re-renders and overwrites the same S3
 * key; it never creates a second email.
 */
export async function createCycleEmail(
  deps: PipelineDeps,
  message: { campaignId: string; cycle: number },
): Promise<CreateEmailOutcome> {
  const { db } = deps;
  const now = deps.now();
  const campaign = await loadCampaignForWork(db, message.campaignId);
  if (campaign?.status !== "READY_TO_CREATE_EMAIL" || campaign.cycle !== message.cycle) return "stale";
  if (campaign.emailCreationStatus === "READY") return "already-done";

  if (!postalAddressLines(campaign.user)) {
    // CAN-SPAM: no email without the sender's postal address. Tell the agent, try again tomorrow.
    return failCycle(
      deps,
      campaign,
      `${POSTAL_ADDRESS_REQUIRED} Retrying in ${POSTAL_ADDRESS_RETRY_HOURS} hours.`,
      nextSendDateStartingCycleAt(
        new Date(now.getTime() + POSTAL_ADDRESS_RETRY_HOURS * 3_600_000),
        deps.config.pipeline,
      ),
    );
  }

  const settings = schedulingSettingsFor(campaign.user, deps.config.pipeline);
  const scheduledAt = await scheduleFor(deps, campaign, settings);
  const cycleEmail = await renderCycleEmail(deps, campaign, scheduledAt);
  if (!cycleEmail) {
    // Only inconsistent data gets here (the poller advances only with a valuation and market data).
    const { valuation } = await readCycleArtifacts(db, campaign.id, campaign.cycle);
    if (!valuation) {
      return failCycle(
        deps,
        campaign,
        "the valuation of this cycle is missing; starting the cycle again",
        now,
      );
    }
    // Market data is cached per zip and day: starting over at once would read the same payload.
    return failCycle(
      deps,
      campaign,
      `the local market data of this cycle could not be read; retrying in ${FAILED_CYCLE_RETRY_HOURS} hours`,
      nextSendDateStartingCycleAt(
        new Date(now.getTime() + FAILED_CYCLE_RETRY_HOURS * 3_600_000),
        deps.config.pipeline,
      ),
    );
  }
  const { rendered, introText } = cycleEmail;

  const messageDomain = new URL(deps.config.appUrl).hostname;
  const id = randomUUID();
  const email = await insertCycleEmail(db, {
    id,
    campaignId: campaign.id,
    userId: campaign.userId,
    cycle: campaign.cycle,
    toEmail: campaign.clientEmail,
    toName: `${campaign.clientFirstName} ${campaign.clientLastName}`.trim(),
    subject: rendered.subject,
    introText,
    textBody: rendered.text,
    htmlStorageKey: emailHtmlKey(campaign.userId, campaign.id, id),
    scheduledSendDatetime: scheduledAt,
    approvalStatus: campaign.checkBeforeSending ? "PENDING" : "NOT_REQUIRED",
    // approvalRequestedAt stays null until the approval request has actually gone out
    // (send-approval-mail.ts).
    messageId: `<${id}@${messageDomain}>`,
    createdAt: now,
  });
  await putEmailHtml(deps.s3, deps.config.aws.emailBucket, email.htmlStorageKey, rendered.html);

  const outcome = await markEmailCreated(db, {
    campaignId: campaign.id,
    cycle: campaign.cycle,
    scheduledSendDatetime: email.scheduledSendDatetime,
    actor: ACTOR,
    at: now,
    reason: (expired) =>
      [
        `“${email.subject}” scheduled for ${formatDateTime(email.scheduledSendDatetime, campaign.user.timeZone)}`,
        campaign.checkBeforeSending ? "waiting for your approval" : null,
        expired > 0 ? `${expired} older unapproved email expired` : null,
      ]
        .filter(Boolean)
        .join("; "),
  });
  if (email.approvalStatus === "PENDING") await requestApproval(deps, email.id);
  return outcome;
}

/**
 * The approval request goes out as soon as the email exists. A failure does not undo the email: the
 * approval-mail cron job sends requests that are still missing.
 */
async function requestApproval(deps: PipelineDeps, emailId: string): Promise<void> {
  try {
    await sendApprovalMail(deps, emailId, "approval-request");
  } catch (error) {
    deps.log.error({ emailId, err: error }, "approval request not sent; the approval-mail job retries it");
  }
}

/** `scheduledSendDatetime` by the scheduling rules, which need to know of a skip before the first send. */
async function scheduleFor(deps: PipelineDeps, campaign: CampaignForWork, settings: SchedulingSettings) {
  // Only an email the agent skipped in an earlier cycle matters; the first cycle has none.
  const skipped =
    campaign.lastSentEmailDatetime === null && campaign.cycle > 1
      ? await deps.db.email.count({
          where: { campaignId: campaign.id, cycle: { lt: campaign.cycle }, approvalStatus: "REJECTED" },
        })
      : 0;
  return scheduledSendDatetime(
    {
      lastSentAt: campaign.lastSentEmailDatetime,
      campaignCreatedAt: campaign.createdAt,
      nextSendDate: campaign.nextSendDate ?? campaign.createdAt,
      skippedBeforeFirstSend: skipped > 0,
    },
    settings,
  );
}

/** Gives up this cycle: back to DORMANT with the reason on the timeline, next send date `retryAt`. */
async function failCycle(
  deps: PipelineDeps,
  campaign: CampaignForWork,
  reason: string,
  retryAt: Date,
): Promise<"cycle-failed"> {
  await transitionCampaign(deps.db, {
    campaignId: campaign.id,
    userId: campaign.userId,
    from: "READY_TO_CREATE_EMAIL",
    to: "DORMANT",
    cycle: campaign.cycle,
    actor: ACTOR,
    now: deps.now(),
    event: "CYCLE_FAILED",
    reason,
    data: { emailCreationStatus: "FAILED", nextSendDate: retryAt },
  });
  return "cycle-failed";
}

/**
 * Renders the cycle's homeowner email from its artifacts. Also used to restore the stored HTML when
 * it was lost (the local emulator keeps S3 in memory): `introText` is then the one the email was
 * created (or edited) with, and `subject` the agent's edited subject. Null when the cycle has no
 * valuation or no local market data, or the agent no postal address.
 *
 * Every email shows the home's value and the local market: both are required data (the poller
 * advances a cycle only once they are READY), and an email is never made without them, because the
 * intro, written alongside the data rather than after it, refers to them (lib/ai/template-writer.ts,
 * prompts/intro.v2.md). The other sections (equity, rates, listings, sales) come and go with the data.
 */
export async function renderCycleEmail(
  deps: PipelineDeps,
  campaign: CampaignForWork,
  scheduledAt: Date,
  introText?: string | null,
  subject?: string | null,
): Promise<{ rendered: RenderedEmail; introText: string } | null> {
  const address = postalAddressLines(campaign.user);
  if (!address) return null;
  const variables = await emailVariables(deps, campaign, address, scheduledAt, introText ?? null);
  if (!variables) return null;
  if (subject) variables.subject = subject;
  return { rendered: renderHomeownerEmail(variables), introText: variables.introText };
}

async function emailVariables(
  deps: PipelineDeps,
  campaign: CampaignForWork,
  postalAddress: string[],
  scheduledAt: Date,
  introOverride: string | null,
): Promise<HomeownerEmailVariables | null> {
  const artifacts = await readCycleArtifacts(deps.db, campaign.id, campaign.cycle);
  if (!artifacts.valuation || !artifacts.market) return null;
  const agent = campaign.user;
  const property = {
    addressLine1: campaign.propertyAddressLine1,
    city: campaign.propertyCity,
    state: campaign.propertyState,
    zipCode: campaign.zipCode,
  };
  const previousValue = await lastSentValue(deps.db, campaign.id, campaign.cycle);
  // Optional texts that failed for good get the built-in writer's version (DESIGN.md §4).
  const intro = introOverride
    ? { text: introOverride }
    : (artifacts.intro ??
      (await deps.fallbackWriter.writeIntro({
        clientFirstName: campaign.clientFirstName,
        agentFirstName: agent.firstName,
        agentTone: agent.writingTone,
        month: scheduledAt,
        timeZone: agent.timeZone,
      })));
  const report =
    artifacts.homeReport ??
    (await deps.fallbackWriter.writeHomeReport({
      clientFirstName: campaign.clientFirstName,
      property,
      valuation: artifacts.valuation,
      previousValue,
      market: artifacts.market,
    }));
  const token = await unsubscribeToken(campaign.id, deps.config.linkSigningSecret);
  const month = inZone(scheduledAt, agent.timeZone).toFormat("yyyy-MM");
  return {
    month,
    agent: {
      name: `${agent.firstName} ${agent.lastName}`.trim(),
      brokerage: agent.brokerageName,
      phone: agent.phone,
      email: agent.email,
      photoUrl: agent.photoUrl && /^https?:\/\//.test(agent.photoUrl) ? agent.photoUrl : null,
      brandColor: /^#[0-9a-fA-F]{6}$/.test(agent.brandColor) ? agent.brandColor : "#1f4e79",
      postalAddressLines: postalAddress,
      signOff: agent.signOff,
    },
    clientFirstName: campaign.clientFirstName,
    property,
    introText: intro.text,
    homeValue: {
      value: artifacts.valuation.value,
      rangeLow: artifacts.valuation.rangeLow,
      rangeHigh: artifacts.valuation.rangeHigh,
      previousValue,
    },
    ownership: ownershipOf(campaign),
    market: artifacts.market,
    mortgageRates: await recentMortgageRates(deps.db, scheduledAt),
    listings: artifacts.listings,
    recentSales: artifacts.sales,
    homeReportText: report.text,
    unsubscribeUrl: unsubscribeUrl(deps.config.appUrl, token),
    sampleData: Object.values(artifacts.sources).includes("sample"),
  };
}

/** The equity section's facts: only when the purchase price and date are known. */
function ownershipOf(campaign: CampaignForWork): OwnershipFacts | null {
  if (!campaign.purchasePrice || !campaign.purchaseDate) return null;
  return {
    purchasePrice: campaign.purchasePrice,
    purchaseDate: campaign.purchaseDate.toISOString().slice(0, 10),
    loanAmount: campaign.loanAmount,
    loanRatePercent: campaign.loanRatePercent,
    loanTermYears: campaign.loanTermYears,
  };
}

/** Weeks of 30-year rates shown in the email (the chart's length). */
const RATE_WEEKS = 8;

/** The latest weekly 30-year rates up to the send date, oldest first; null when there are none. */
export function recentMortgageRates(db: PrismaClient, until: Date): Promise<MortgageRateTrend | null> {
  // Rates are dated by day (weekOf), so "up to the send date" is "up to its day".
  const day = utcDayStart(until);
  return rememberRates(db, `recent:${day.toISOString()}`, () => readRecentRates(db, day));
}

async function readRecentRates(db: PrismaClient, until: Date): Promise<MortgageRateTrend | null> {
  // Raw (queryRows): read once a day per worker process, and Prisma's query compiler would be
  // loaded for it.
  const rows = await queryRows<{ weekOf: Date; ratePercent: number }>(
    db,
    Prisma.sql`
    SELECT "weekOf", "ratePercent" FROM "MortgageRate"
    WHERE series = 'MORTGAGE30US' AND "weekOf" <= ${until.toISOString().slice(0, 10)}::date
    ORDER BY "weekOf" DESC
    LIMIT ${RATE_WEEKS}`,
  );
  if (rows.length === 0) return null;
  return {
    weeks: rows
      .reverse()
      .map((r) => ({ weekOf: r.weekOf.toISOString().slice(0, 10), ratePercent: r.ratePercent })),
  };
}
