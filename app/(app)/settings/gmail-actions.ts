"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { requireAgent } from "@/lib/auth/current-agent";
import {
  CONNECT_STATE_TTL_SECONDS,
  GMAIL_CONNECT_COOKIE,
} from "@/lib/delivery/gmail-connection/connect-state";
import { disconnectGmailForAgent } from "@/lib/delivery/gmail-connection/gmail-connection-for-app";
import { startGmailConnect } from "@/lib/delivery/gmail-connection/start-gmail-connect";
import { getConfig } from "@/lib/env";

/** Sends the agent to Google's consent screen; the nonce cookie ties the callback to this browser. */
export async function connectGmailAction(): Promise<void> {
  const agent = await requireAgent();
  const config = getConfig();
  const { url, nonce } = await startGmailConnect(config, agent);
  (await cookies()).set(GMAIL_CONNECT_COOKIE, nonce, {
    httpOnly: true,
    secure: config.appUrl.startsWith("https://"),
    sameSite: "lax",
    path: "/api/gmail/oauth",
    maxAge: CONNECT_STATE_TTL_SECONDS,
  });
  redirect(url);
}

export async function disconnectGmailAction(): Promise<void> {
  const agent = await requireAgent();
  await disconnectGmailForAgent(agent.id);
  revalidatePath("/settings");
  redirect("/settings?gmail=disconnected");
}
