import { ServerClient } from "postmark";
import type { AppConfig } from "@/lib/env";

/** Postmark's server API; POSTMARK_API_URL points it at a local test server. */
export function createPostmarkClient(postmark: AppConfig["delivery"]["postmark"]): ServerClient {
  if (!postmark.serverToken) throw new Error("Postmark is not configured: set POSTMARK_SERVER_TOKEN");
  if (!postmark.apiUrl) return new ServerClient(postmark.serverToken, { timeout: 30 });
  const url = new URL(postmark.apiUrl);
  return new ServerClient(postmark.serverToken, {
    useHttps: url.protocol === "https:",
    requestHost: url.host,
    timeout: 30,
  });
}
