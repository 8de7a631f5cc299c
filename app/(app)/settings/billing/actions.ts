"use server";

import { redirect } from "next/navigation";
import Stripe from "stripe";
import { requireAgent } from "@/lib/auth/current-agent";
import { createBillingDeps } from "@/lib/billing/billing-deps";
import { openBillingPortal } from "@/lib/billing/open-billing-portal";
import { startCheckout, startCheckoutInput } from "@/lib/billing/start-checkout";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { ConflictError } from "@/lib/errors";
import type { FormState } from "@/lib/forms/form-fields";
import { logger } from "@/lib/logger";

// Both actions send the browser to a page on Stripe (Checkout, the Customer Portal) and answer with
// a sentence for the billing page when they cannot: a ConflictError's message, or Stripe being out
// of reach (nothing was bought or changed either way).

const log = logger.child({ area: "billing" });

function refused(message: string): FormState {
  return { status: "error", message, fieldErrors: {}, values: {} };
}

async function toStripe(agentId: string, open: () => Promise<{ url: string }>): Promise<FormState> {
  let url: string;
  try {
    url = (await open()).url;
  } catch (error) {
    if (error instanceof ConflictError) return refused(error.message);
    if (error instanceof Stripe.errors.StripeError) {
      log.error({ userId: agentId, err: error }, "Stripe refused or could not be reached");
      return refused("Stripe could not be reached, so nothing was changed. Try again in a minute.");
    }
    throw error;
  }
  redirect(url);
}

export async function choosePlanAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const agent = await requireAgent();
  const parsed = startCheckoutInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return refused("Choose one of the plans shown.");
  const deps = createBillingDeps(getConfig(), getDb(), log);
  if (!deps) return refused("Billing is off on this server: there is no plan to choose.");
  return toStripe(agent.id, () => startCheckout(deps, agent.id, parsed.data));
}

export async function manageBillingAction(_previous: FormState, _formData: FormData): Promise<FormState> {
  const agent = await requireAgent();
  const deps = createBillingDeps(getConfig(), getDb(), log);
  if (!deps) return refused("Billing is off on this server: there is nothing to manage.");
  return toStripe(agent.id, () => openBillingPortal(deps, agent.id));
}
