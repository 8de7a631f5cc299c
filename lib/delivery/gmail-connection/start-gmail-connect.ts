import { googleAuthorizationUrl } from "@/lib/clients/google/google-oauth";
import { createConnectState } from "@/lib/delivery/gmail-connection/connect-state";
import type { AppConfig } from "@/lib/env";

/** Google's consent URL for this agent, and the nonce the browser must keep in a cookie. */
export async function startGmailConnect(config: AppConfig, agent: { id: string; email: string }) {
  if (config.integrations.gmail !== "google") {
    throw new Error(
      "Gmail sending is not configured on this server (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET)",
    );
  }
  const { state, nonce } = await createConnectState(agent.id, config.linkSigningSecret);
  return { url: googleAuthorizationUrl(config.delivery.google, state, agent.email), nonce };
}
