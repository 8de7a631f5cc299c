"use server";

import { revalidatePath } from "next/cache";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { requireAgent } from "@/lib/auth/current-agent";
import { approveEmail } from "@/lib/emails/approve-email";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { logger } from "@/lib/logger";

/**
 * Approve from the dashboard's "Needs you" list: the campaign page's approval (approveEmail, scoped
 * to the signed-in agent), and the agent stays on the dashboard, where the email moves to "Coming up".
 */
export async function approveFromDashboardAction(emailId: string): Promise<void> {
  const agent = await requireAgent();
  if (!z.uuid().safeParse(emailId).success) notFound();
  try {
    await approveEmail(agent.id, emailId);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ConflictError) redirect("/dashboard?approval=stale");
    throw error;
  }
  logger.info({ userId: agent.id, emailId }, "email approved on the dashboard");
  revalidatePath("/dashboard");
}
