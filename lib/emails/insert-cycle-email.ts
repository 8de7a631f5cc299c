import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ApprovalStatus } from "@/lib/generated/prisma/enums";

export type NewCycleEmail = {
  id: string;
  campaignId: string;
  userId: string;
  cycle: number;
  toEmail: string;
  toName: string;
  subject: string;
  introText: string | null;
  textBody: string;
  htmlStorageKey: string;
  scheduledSendDatetime: Date;
  approvalStatus: ApprovalStatus;
  messageId: string;
  createdAt: Date;
};

export type CycleEmailRow = Pick<
  NewCycleEmail,
  "id" | "subject" | "htmlStorageKey" | "scheduledSendDatetime" | "approvalStatus"
>;

/**
 * Inserts the cycle's email unless the campaign already has one for this cycle, and returns the row
 * that owns the cycle: ours, or the one a racing consumer (or an earlier attempt that crashed after
 * inserting) wrote first. Raw SQL because Prisma never caches a createMany plan (insert-history.ts);
 * a plain `create` would turn the race into an error.
 */
export async function insertCycleEmail(
  db: Pick<PrismaClient, "$executeRaw" | "email">,
  email: NewCycleEmail,
): Promise<CycleEmailRow> {
  const inserted = await db.$executeRaw`
    INSERT INTO "Email" (id, "campaignId", "userId", cycle, "toEmail", "toName", subject, "introText",
      "textBody", "htmlStorageKey", "scheduledSendDatetime", "approvalStatus", "messageId", "createdAt",
      "updatedAt")
    VALUES (${email.id}::uuid, ${email.campaignId}::uuid, ${email.userId}::uuid, ${email.cycle},
      ${email.toEmail}, ${email.toName}, ${email.subject}, ${email.introText}, ${email.textBody},
      ${email.htmlStorageKey}, ${email.scheduledSendDatetime.toISOString()}::timestamptz, ${email.approvalStatus}::"ApprovalStatus",
      ${email.messageId}, ${email.createdAt.toISOString()}::timestamptz,
      ${email.createdAt.toISOString()}::timestamptz)
    ON CONFLICT DO NOTHING`;
  if (inserted === 1) return email;
  return db.email.findUniqueOrThrow({
    where: { campaignId_cycle: { campaignId: email.campaignId, cycle: email.cycle } },
    select: {
      id: true,
      subject: true,
      htmlStorageKey: true,
      scheduledSendDatetime: true,
      approvalStatus: true,
    },
  });
}
