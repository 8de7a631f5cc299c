import { parsePublishableKey } from "@clerk/shared/keys";

/** The origin of the Clerk instance's Frontend API (its script, the browser's session calls). */
export function clerkFrontendApiOrigin(publishableKey: string): string | undefined {
  const frontendApi = parsePublishableKey(publishableKey)?.frontendApi;
  return frontendApi ? `https://${frontendApi}` : undefined;
}
