"use server";

import { revalidatePath } from "next/cache";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { requireAgent } from "@/lib/auth/current-agent";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import { getDb } from "@/lib/db";
import { editEmailDraft, emailDraftInput } from "@/lib/emails/edit-email-draft";
import { rejectEmail } from "@/lib/emails/reject-email";
import { getConfig } from "@/lib/env";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { type FormState, formValues } from "@/lib/forms/form-fields";
import { logger } from "@/lib/logger";

// The agent's decisions on this cycle's email. Each action authenticates; the lib use cases scope
// every query to the signed-in agent.

const id = z.uuid();

export async function rejectEmailAction(campaignId: string, emailId: string): Promise<void> {
  const agent = await requireAgent();
  if (!id.safeParse(campaignId).success || !id.safeParse(emailId).success) notFound();
  try {
    await rejectEmail({ db: getDb(), pipeline: getConfig().pipeline }, agent.id, emailId);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ConflictError) redirect(`/campaigns/${campaignId}?skip=stale`);
    throw error;
  }
  logger.info({ userId: agent.id, emailId }, "email skipped in the app");
  revalidatePath(`/campaigns/${campaignId}`);
  redirect(`/campaigns/${campaignId}?skipped=1`);
}

export async function editEmailAction(
  campaignId: string,
  emailId: string,
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const agent = await requireAgent();
  if (!id.safeParse(campaignId).success || !id.safeParse(emailId).success) notFound();
  const parsed = emailDraftInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return {
      status: "error",
      message: "Some fields need attention.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors,
      values: formValues(formData),
    };
  }
  try {
    await editEmailDraft(createPipelineDeps(getConfig(), getDb(), logger), agent.id, emailId, parsed.data);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ConflictError) {
      return { status: "error", message: error.message, fieldErrors: {}, values: formValues(formData) };
    }
    logger.error({ userId: agent.id, emailId, err: error }, "editing the email failed");
    return {
      status: "error",
      message: "The email could not be saved just now. Try again in a minute.",
      fieldErrors: {},
      values: formValues(formData),
    };
  }
  logger.info({ userId: agent.id, emailId }, "email edited in the app");
  revalidatePath(`/campaigns/${campaignId}`);
  const { removedGreeting } = parsed.data;
  return {
    status: "success",
    message: removedGreeting
      ? `Saved. The email already greets your client by name above the intro, so your “${removedGreeting}” was taken out. The preview below shows the updated email.`
      : "Saved. The preview below shows the updated email.",
  };
}
