"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { updateWritingSettings } from "@/lib/agents/update-writing-settings";
import { writingSettingsInput } from "@/lib/agents/writing-settings-input";
import { requireAgent } from "@/lib/auth/current-agent";
import { type FormState, formValues } from "@/lib/forms/form-fields";

export async function updateWritingSettingsAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const agent = await requireAgent();
  const parsed = writingSettingsInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return {
      status: "error",
      message: "Your writing settings need attention.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors,
      values: formValues(formData),
    };
  }
  await updateWritingSettings(agent.id, parsed.data);
  revalidatePath("/settings");
  return { status: "success", message: "Writing settings saved. They apply from the next email written." };
}
