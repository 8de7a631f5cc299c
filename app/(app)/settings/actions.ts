"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { agentProfileInput } from "@/lib/agents/agent-profile-input";
import { updateAgentProfile } from "@/lib/agents/update-agent-profile";
import { requireAgent } from "@/lib/auth/current-agent";
import { type FormState, formValues } from "@/lib/forms/form-fields";

export async function updateProfileAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const agent = await requireAgent();
  const parsed = agentProfileInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return {
      status: "error",
      message: "Some fields need attention.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors,
      values: formValues(formData),
    };
  }
  await updateAgentProfile(agent.id, parsed.data);
  revalidatePath("/", "layout");
  return { status: "success", message: "Settings saved." };
}
