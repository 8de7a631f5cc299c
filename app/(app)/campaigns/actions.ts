"use server";

import { revalidatePath } from "next/cache";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { requireAgent } from "@/lib/auth/current-agent";
import { PlanLimitError } from "@/lib/billing/campaign-limit";
import { campaignInput } from "@/lib/campaigns/campaign-input";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { deleteCampaign } from "@/lib/campaigns/delete-campaign";
import { setCampaignEnabled } from "@/lib/campaigns/set-campaign-enabled";
import { updateCampaign } from "@/lib/campaigns/update-campaign";
import { approveEmail } from "@/lib/emails/approve-email";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { type FormState, formValues } from "@/lib/forms/form-fields";
import { logger } from "@/lib/logger";

// Server actions are public endpoints: each one authenticates, validates, and the lib/ use case
// scopes every query to the signed-in agent.

const campaignId = z.uuid();

function invalid(error: z.ZodError, formData: FormData): FormState {
  return {
    status: "error",
    message: "Some fields need attention.",
    fieldErrors: z.flattenError(error).fieldErrors,
    values: formValues(formData),
  };
}

export async function createCampaignAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const agent = await requireAgent();
  const parsed = campaignInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  let id: string;
  try {
    id = (await createCampaign(agent.id, parsed.data)).id;
  } catch (error) {
    if (error instanceof ConflictError) {
      return { status: "error", message: error.message, fieldErrors: {}, values: formValues(formData) };
    }
    throw error;
  }
  logger.info({ userId: agent.id, campaignId: id }, "campaign created");
  revalidatePath("/campaigns");
  redirect(`/campaigns/${id}?created=1`);
}

export async function updateCampaignAction(
  id: string,
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const agent = await requireAgent();
  if (!campaignId.safeParse(id).success) notFound();
  const parsed = campaignInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  try {
    await updateCampaign(agent.id, id, parsed.data);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  revalidatePath(`/campaigns/${id}`);
  redirect(`/campaigns/${id}?saved=1`);
}

export async function setCampaignEnabledAction(id: string, enabled: boolean): Promise<void> {
  const agent = await requireAgent();
  if (!campaignId.safeParse(id).success || typeof enabled !== "boolean") notFound();
  try {
    await setCampaignEnabled(agent.id, id, enabled);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof PlanLimitError) redirect(`/campaigns/${id}?enable=plan-limit`);
    if (error instanceof ConflictError) redirect(`/campaigns/${id}?enable=needs-address`);
    throw error;
  }
  logger.info({ userId: agent.id, campaignId: id, enabled }, "campaign enabled changed");
  revalidatePath(`/campaigns/${id}`);
  revalidatePath("/campaigns");
}

export async function deleteCampaignAction(id: string): Promise<void> {
  const agent = await requireAgent();
  if (!campaignId.safeParse(id).success) notFound();
  try {
    await deleteCampaign(agent.id, id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  logger.info({ userId: agent.id, campaignId: id }, "campaign deleted");
  revalidatePath("/campaigns");
  redirect("/campaigns?deleted=1");
}

export async function approveEmailAction(campaign: string, emailId: string): Promise<void> {
  const agent = await requireAgent();
  if (!campaignId.safeParse(campaign).success || !campaignId.safeParse(emailId).success) notFound();
  try {
    await approveEmail(agent.id, emailId);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ConflictError) redirect(`/campaigns/${campaign}?approval=stale`);
    throw error;
  }
  logger.info({ userId: agent.id, emailId }, "email approved in the app");
  revalidatePath(`/campaigns/${campaign}`);
  redirect(`/campaigns/${campaign}?approved=1`);
}
