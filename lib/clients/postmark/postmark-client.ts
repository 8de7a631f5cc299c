import { ServerClient } from "postmark";
import type { AppConfig } from "@/lib/env";

/** Postmark's server API; POSTMARK_API_URL points it at a local test server. */
export function createPostmarkClient(postmark: AppConfig["delivery"]["postmark"]): ServerClient {
  if (!postmark.serverToken) throw new Error("Postmark is not configured: set POSTMARK_SERVER_TOKEN");
  // Postmark's client takes the timeout in seconds (it multiplies by 1000: fractions work).
  const timeout = postmark.timeoutMs / 1000;
  if (!postmark.apiUrl) return new ServerClient(postmark.serverToken, { timeout });
  const url = new URL(postmark.apiUrl);
  return new ServerClient(postmark.serverToken, {
    useHttps: url.protocol === "https:",
    requestHost: url.host,
    timeout,
  });
}
