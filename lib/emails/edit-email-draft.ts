import { v7 as uuidv7 } from "uuid";
import { z } from "zod";
import { agentActor } from "@/lib/campaigns/actors";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { renderCycleEmail } from "@/lib/emails/create-cycle-email";
import { deleteEmailHtml, emailHtmlKey, putEmailHtml } from "@/lib/emails/email-html-storage";
import { splitLeadingGreeting } from "@/lib/emails/leading-greeting";
import { ConflictError, NotFoundError } from "@/lib/errors";

export const emailDraftInput = z
  .object({
    subject: z
      .string({ error: "Enter a subject" })
      .trim()
      .min(3, "The subject needs at least 3 characters")
      .max(150, "Keep the subject under 150 characters")
      .regex(/^[^\r\n]*$/, "The subject must be one line"),
    introText: z
      .string({ error: "Enter the intro" })
      .trim()
      .max(3000, "Keep the intro under 3,000 characters")
      // The email already opens with "Hi <first name>,": a greeting of the agent's own is taken out
      // here, and the edit action tells the agent which.
      .transform((typed, ctx) => {
        const split = splitLeadingGreeting(typed);
        if (split.text.length < 10) {
          ctx.addIssue({
            code: "custom",
            input: typed,
            message: split.greeting
              ? "The intro needs at least 10 characters besides the greeting (the email already greets your client by name)"
              : "The intro needs at least 10 characters",
          });
          return z.NEVER;
        }
        return split;
      }),
  })
  .transform(({ subject, introText }) => ({
    subject,
    introText: introText.text,
    /** The greeting taken off the start of the intro, to tell the agent; null when there was none. */
    removedGreeting: introText.greeting,
  }));
export type EmailDraftInput = z.infer<typeof emailDraftInput>;

/**
 * The agent edits the subject and intro of this cycle's email before it goes out (DESIGN.md §6).
 * Allowed while the email waits (READY, not rejected) and the campaign has not been handed to the
 * sender. The email is rendered again from the cycle's data with the new texts, and the change is
 * one swap: the new HTML is stored under a new key first, then one compare-and-set update (still
 * waiting, still the key that was read) sets key, subject, intro and text together. A failed upload
 * changes nothing; an email the poller handed to the sender meanwhile is refused and goes out as it
 * was; the preview and the sender never see a new subject over old HTML. The approval status is
 * unchanged.
 */
export async function editEmailDraft(
  deps: PipelineDeps,
  userId: string,
  emailId: string,
  input: Pick<EmailDraftInput, "subject" | "introText">,
): Promise<void> {
  const { db } = deps;
  const bucket = deps.config.aws.emailBucket;
  const email = await db.email.findFirst({
    where: { id: emailId, userId },
    include: { campaign: { include: { user: true } } },
  });
  if (!email) throw new NotFoundError("Email");
  const editable =
    email.status === "READY" &&
    email.approvalStatus !== "REJECTED" &&
    email.campaign.status === "READY_TO_CREATE_EMAIL" &&
    email.campaign.cycle === email.cycle;
  if (!editable)
    throw new ConflictError(
      "This email can no longer be edited: it is being sent, was sent, or was skipped.",
    );
  const again = await renderCycleEmail(
    deps,
    email.campaign,
    email.scheduledSendDatetime,
    input.introText,
    input.subject,
  );
  if (!again)
    throw new ConflictError(
      "This email cannot be rendered again: its data or your postal address is missing.",
    );
  const newKey = emailHtmlKey(email.userId, email.campaignId, email.id, uuidv7());
  await putEmailHtml(deps.s3, bucket, newKey, again.rendered.html);
  const swapped = await db.$transaction(async (tx) => {
    const updated = await tx.email.updateMany({
      where: {
        id: email.id,
        userId,
        status: "READY",
        approvalStatus: { not: "REJECTED" },
        htmlStorageKey: email.htmlStorageKey,
        campaign: { status: "READY_TO_CREATE_EMAIL", cycle: email.cycle },
      },
      data: {
        htmlStorageKey: newKey,
        subject: again.rendered.subject,
        introText: again.introText,
        textBody: again.rendered.text,
      },
    });
    if (updated.count === 0) return false;
    await tx.campaignHistory.create({
      data: {
        campaignId: email.campaignId,
        cycle: email.cycle,
        event: "EMAIL_EDITED",
        actor: agentActor(userId),
        reason: `Subject: “${again.rendered.subject}”`,
        at: deps.now(),
      },
    });
    return true;
  });
  // Whichever object the row no longer names is removed; failing to remove it loses nothing.
  const unused = swapped ? email.htmlStorageKey : newKey;
  await deleteEmailHtml(deps.s3, bucket, unused).catch((error: unknown) =>
    deps.log.warn({ err: error, key: unused }, "could not remove an unused email HTML object"),
  );
  if (!swapped)
    throw new ConflictError("This email changed while you were editing it; reload and try again.");
}
