/** The agent's billing page: Checkout and the Customer Portal send the agent back here. */
export const BILLING_PAGE_PATH = "/settings/billing";

/** Stripe puts the session id in place of {CHECKOUT_SESSION_ID} (the page can show "confirming…"). */
export function checkoutReturnUrls(appUrl: string): { successUrl: string; cancelUrl: string } {
  const page = new URL(BILLING_PAGE_PATH, appUrl).toString();
  return {
    successUrl: `${page}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${page}?checkout=canceled`,
  };
}

export function portalReturnUrl(appUrl: string): string {
  return new URL(BILLING_PAGE_PATH, appUrl).toString();
}
