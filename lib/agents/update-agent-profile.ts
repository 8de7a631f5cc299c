import "server-only";
import type { AgentProfileInput } from "@/lib/agents/agent-profile-input";
import { getDb } from "@/lib/db";

/** Saves the signed-in agent's own profile, postal address and sending preferences. */
export async function updateAgentProfile(userId: string, input: AgentProfileInput): Promise<void> {
  await getDb().user.update({
    where: { id: userId },
    data: {
      firstName: input.firstName,
      lastName: input.lastName ?? "",
      phone: input.phone ?? null,
      brokerageName: input.brokerageName ?? null,
      licenseNumber: input.licenseNumber ?? null,
      addressLine1: input.addressLine1 ?? null,
      addressLine2: input.addressLine2 ?? null,
      city: input.city ?? null,
      state: input.state ?? null,
      postalCode: input.postalCode ?? null,
      timeZone: input.timeZone,
      sendingWindowEnabled: input.sendingWindowEnabled,
    },
  });
}
