"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { localSignInInput, signInLocally, signOutLocally } from "@/lib/auth/local-sign-in";
import { afterSignInPath } from "@/lib/auth/route-access";
import { type FormState, formValues } from "@/lib/forms/form-fields";

export async function signInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = localSignInInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    return {
      status: "error",
      message: "Check the highlighted field.",
      fieldErrors,
      values: formValues(formData),
    };
  }
  await signInLocally(parsed.data);
  redirect(afterSignInPath(formData.get("next")));
}

export async function signOutAction(): Promise<void> {
  await signOutLocally();
  redirect("/sign-in");
}
