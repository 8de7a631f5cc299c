"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { approveEmailByLink } from "@/lib/emails/approve-email-by-link";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";

// The only way an approve link approves: the POST of the page's button (never the link's GET).
export async function approveByLinkAction(token: string): Promise<void> {
  const parsed = z.string().min(10).max(2000).safeParse(token);
  if (!parsed.success) redirect("/approve/invalid?result=invalid");
  const result = await approveEmailByLink(
    { db: getDb(), secret: getConfig().linkSigningSecret, now: new Date() },
    parsed.data,
  );
  logger.info(
    { state: result.state, emailId: result.state === "approved" ? result.email.id : undefined },
    "approve link used",
  );
  redirect(`/approve/${encodeURIComponent(parsed.data)}?result=${result.state}`);
}
