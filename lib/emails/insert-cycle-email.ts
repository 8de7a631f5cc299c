import type DataLoader from "dataloader";
import { batchLoader } from "@/lib/campaigns/work-batches";
import { queryRows, textArray } from "@/lib/db";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
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

const loaders = new WeakMap<PrismaClient, DataLoader<NewCycleEmail, boolean>>();

/**
 * Inserts the cycle's email unless the campaign already has one for this cycle, and returns the row
 * that owns the cycle: ours, or the one a racing consumer (or an earlier attempt that crashed after
 * inserting) wrote first. The insert is shared with the other emails created in the same few
 * milliseconds (work-batches.ts). Raw SQL because Prisma never caches a createMany plan
 * (insert-history.ts); a plain `create` would turn the race into an error.
 */
export async function insertCycleEmail(db: PrismaClient, email: NewCycleEmail): Promise<CycleEmailRow> {
  if (await batchLoader(loaders, db, (emails) => insertAll(db, emails)).load(email)) return email;
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

/** One INSERT for the batch; a row whose campaign and cycle already have an email is skipped. */
async function insertAll(db: PrismaClient, emails: readonly NewCycleEmail[]): Promise<boolean[]> {
  const column = <T>(pick: (email: NewCycleEmail) => T) => emails.map(pick);
  const inserted = await queryRows<{ id: string }>(
    db,
    Prisma.sql`
    INSERT INTO "Email" (id, "campaignId", "userId", cycle, "toEmail", "toName", subject, "introText",
      "textBody", "htmlStorageKey", "scheduledSendDatetime", "approvalStatus", "messageId", "createdAt",
      "updatedAt")
    SELECT v.id, v.campaign_id, v.user_id, v.cycle, v.to_email, v.to_name, v.subject, v.intro_text,
      v.text_body, v.html_storage_key, v.scheduled, v.approval_status::"ApprovalStatus", v.message_id,
      v.created_at, v.created_at
    FROM unnest(
      ${column((e) => e.id)}::uuid[], ${column((e) => e.campaignId)}::uuid[],
      ${column((e) => e.userId)}::uuid[], ${column((e) => e.cycle)}::int[],
      ${column((e) => e.toEmail)}::text[], ${column((e) => e.toName)}::text[],
      ${column((e) => e.subject)}::text[], ${textArray(column((e) => e.introText))},
      ${textArray(column((e) => e.textBody))}, ${column((e) => e.htmlStorageKey)}::text[],
      ${column((e) => e.scheduledSendDatetime.toISOString())}::timestamptz[],
      ${column((e) => e.approvalStatus)}::text[], ${column((e) => e.messageId)}::text[],
      ${column((e) => e.createdAt.toISOString())}::timestamptz[]
    ) WITH ORDINALITY AS v(id, campaign_id, user_id, cycle, to_email, to_name, subject, intro_text,
      text_body, html_storage_key, scheduled, approval_status, message_id, created_at, position)
    ORDER BY v.position
    ON CONFLICT DO NOTHING
    RETURNING id`,
  );
  const ids = new Set(inserted.map((row) => row.id));
  return emails.map((email) => ids.has(email.id));
}
