import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { emailHtmlKey, putEmailHtml } from "@/lib/emails/email-html-storage";
import { LOCAL_DEFAULTS } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { TEST_MARKET, TEST_VALUATION } from "@/test/factories/market-data";

/**
 * Data the browser tests make for themselves in the e2e database and the emulator's bucket, as the
 * pipeline would (the e2e stack runs no workers). playwright.config.ts and e2e-services.ts use the
 * same numbers. Call `closeE2eFixtures` in afterAll.
 */

export const E2E_DATABASE_URL = "postgresql://postgres:postgres@127.0.0.1:54349/dripr_e2e";
export const e2eDb = new PrismaClient({ adapter: new PrismaPg({ connectionString: E2E_DATABASE_URL }) });
const s3 = createS3Client({
  region: "us-east-1",
  endpoint: "http://127.0.0.1:54341",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});
const BUCKET = "dripr-local-emails";
export const LINK_SECRET = LOCAL_DEFAULTS.linkSigningSecret;

export async function closeE2eFixtures(): Promise<void> {
  s3.destroy();
  await e2eDb.$disconnect();
}

type CampaignOverrides = {
  clientFirstName?: string;
  clientLastName?: string;
  clientEmail?: string;
  propertyAddressLine1?: string;
  createdAt?: Date;
};

/**
 * A new local agent with the demo agent's postal address (so campaigns may send) and `overrides`,
 * in the e2e database or `db`.
 */
export async function newAgent(overrides: { sendingWindowEnabled?: boolean } = {}, db: PrismaClient = e2eDb) {
  const unique = randomUUID().slice(0, 8);
  return db.user.create({
    data: {
      clerkUserId: `local_e2e_${unique}`,
      email: `agent.${unique}@agents.example.com`,
      firstName: "Robin",
      lastName: `Agent${unique}`,
      addressLine1: "24 Church Street",
      city: "Montclair",
      state: "NJ",
      postalCode: "07042",
      ...overrides,
    },
  });
}

/** A campaign's required fields, with a client and an address of its own. */
export function newCampaignFields(userId: string) {
  const unique = randomUUID().slice(0, 8);
  return {
    userId,
    clientFirstName: `Client${unique}`,
    clientEmail: `client.${unique}@example.com`,
    propertyAddressLine1: `${unique} Test Lane`,
    propertyCity: "Montclair",
    propertyState: "NJ",
    zipCode: "07042",
    fixedSendDay: 15,
  };
}

/**
 * The browser tests' one builder of an email waiting for approval, as the email-creation consumer
 * leaves it: a campaign (of the demo agent unless `agentId` is given) in READY_TO_CREATE_EMAIL with
 * its email READY and PENDING, the email's `html` stored where the app reads it, and with
 * `cycleData` the valuation and local market the email is rendered from (an edit renders it again).
 */
export async function campaignAwaitingApproval(
  options: {
    html?: string;
    campaign?: CampaignOverrides;
    agentId?: string;
    /** Default: three days from now. */
    scheduledSendDatetime?: Date;
    cycleData?: boolean;
  } = {},
) {
  const agent = options.agentId
    ? await e2eDb.user.findUniqueOrThrow({ where: { id: options.agentId } })
    : await e2eDb.user.findUniqueOrThrow({ where: { email: "demo@dripr.local" } });
  const campaign = await e2eDb.campaign.create({
    data: {
      ...newCampaignFields(agent.id),
      fixedSendDay: 20,
      checkBeforeSending: true,
      status: "READY_TO_CREATE_EMAIL",
      emailCreationStatus: "READY",
      cycle: 1,
      ...options.campaign,
    },
  });
  if (options.cycleData) {
    const ready = { campaignId: campaign.id, cycle: 1, status: "READY" as const, source: "sample" };
    await e2eDb.campaignArtifact.createMany({
      data: [
        { ...ready, kind: "PROPERTY_VALUATION", payload: TEST_VALUATION },
        { ...ready, kind: "LOCAL_MARKET", payload: { ...TEST_MARKET, zipCode: campaign.zipCode } },
      ],
    });
  }
  const id = randomUUID();
  const key = emailHtmlKey(agent.id, campaign.id, id);
  const html =
    options.html ?? `<!DOCTYPE html><html><body><p>Hi ${campaign.clientFirstName},</p></body></html>`;
  await putEmailHtml(s3, BUCKET, key, html);
  const email = await e2eDb.email.create({
    data: {
      id,
      campaignId: campaign.id,
      userId: agent.id,
      cycle: 1,
      toEmail: campaign.clientEmail,
      toName: campaign.clientFirstName,
      subject: `Your home at ${campaign.propertyAddressLine1}: December update`,
      introText: "I hope the new house is treating you well.",
      textBody: "…",
      htmlStorageKey: key,
      scheduledSendDatetime: options.scheduledSendDatetime ?? new Date(Date.now() + 3 * 86_400_000),
      approvalStatus: "PENDING",
      messageId: `<${id}@e2e.test>`,
    },
  });
  return { agent, campaign, email };
}
