/**
 * Dripr's plans (DESIGN.md §8): what each allows. Their Stripe prices come from configuration
 * (STRIPE_PRICE_<PLAN>_MONTHLY, STRIPE_PRICE_<PLAN>_YEARLY), so a price can change in Stripe without
 * a release. Managed agents have no plan (they are never billed). Pure: no configuration is read here.
 */

export const PLANS = [
  { key: "solo", name: "Solo", campaignLimit: 250 },
  { key: "pro", name: "Pro", campaignLimit: 2000 },
] as const;

export type Plan = (typeof PLANS)[number];
export type PlanKey = Plan["key"];
export const PLAN_KEYS = PLANS.map((plan) => plan.key) as [PlanKey, ...PlanKey[]];

export const BILLING_INTERVALS = ["monthly", "yearly"] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];

/** Stripe price ids per plan: monthly always, yearly when that price exists. */
export type PlanPrices = Record<PlanKey, { monthly: string; yearly: string | undefined }>;

/** The plan an agent without a subscription may prepare campaigns for (they start no cycle). */
export const STARTER_PLAN: Plan = PLANS[0];

export function planByKey(key: string | null | undefined): Plan | undefined {
  return PLANS.find((plan) => plan.key === key);
}

/** Which plan and interval a Stripe price id is; undefined for a price no plan is configured with. */
export function planOfPrice(
  prices: PlanPrices,
  priceId: string | null | undefined,
): { plan: Plan; interval: BillingInterval } | undefined {
  if (!priceId) return undefined;
  for (const plan of PLANS) {
    for (const interval of BILLING_INTERVALS) {
      if (prices[plan.key][interval] === priceId) return { plan, interval };
    }
  }
  return undefined;
}

/** The Stripe price of a plan and interval; undefined when that interval has no price configured. */
export function priceOf(prices: PlanPrices, plan: PlanKey, interval: BillingInterval): string | undefined {
  return prices[plan][interval];
}
