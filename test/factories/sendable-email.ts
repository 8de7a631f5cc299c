import { randomUUID } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import { emailHtmlKey, putEmailHtml } from "@/lib/emails/email-html-storage";
import type { Campaign, Email, Prisma, User } from "@/lib/generated/prisma/client";
import { createTestCampaign } from "./campaign";
import type { TestDb } from "./unique";

/**
 * A campaign of `agent` in READY_TO_SEND_EMAIL (cycle 1), created two days before `now`, with its
 * email READY, due at `now`, and its HTML stored in `bucket`: what the sending consumer works on.
 */
export async function createSendableEmail(
  db: TestDb,
  s3: S3Client,
  bucket: string,
  agent: User,
  now: Date,
  overrides: {
    email?: Partial<Prisma.EmailUncheckedCreateInput>;
    campaign?: Partial<Prisma.CampaignUncheckedCreateInput>;
  } = {},
): Promise<{ campaign: Campaign; email: Email }> {
  const createdAt = new Date(now.getTime() - 2 * 86_400_000);
  const campaign = await createTestCampaign(db, agent.id, {
    status: "READY_TO_SEND_EMAIL",
    cycle: 1,
    fixedSendDay: 25,
    emailCreationStatus: "READY",
    createdAt,
    nextSendDate: createdAt,
    ...overrides.campaign,
  });
  const id = randomUUID();
  const key = emailHtmlKey(agent.id, campaign.id, id);
  await putEmailHtml(s3, bucket, key, `<p>Hi ${campaign.clientFirstName}, your home report.</p>`);
  const email = await db.email.create({
    data: {
      id,
      campaignId: campaign.id,
      userId: agent.id,
      cycle: 1,
      toEmail: campaign.clientEmail,
      toName: `${campaign.clientFirstName} ${campaign.clientLastName}`,
      subject: `Your home at ${campaign.propertyAddressLine1}: this month`,
      textBody: `Hi ${campaign.clientFirstName}, your home report.`,
      htmlStorageKey: key,
      scheduledSendDatetime: new Date(now.getTime() - 60_000),
      messageId: `<${id}@app.dripr.test>`,
      ...overrides.email,
    },
  });
  return { campaign, email };
}
