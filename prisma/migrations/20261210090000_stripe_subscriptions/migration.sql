-- The agent's Stripe subscription as last read from Stripe (lib/billing/store-subscription.ts).
ALTER TABLE "User" ADD COLUMN "subscriptionPriceId" TEXT,
ADD COLUMN "subscriptionCancelAt" TIMESTAMPTZ(3),
ADD COLUMN "subscriptionTrialEnd" TIMESTAMPTZ(3),
ADD COLUMN "subscriptionPastDueSince" TIMESTAMPTZ(3),
ADD COLUMN "subscriptionReadSeq" BIGINT;

-- Orders reads of subscriptions from Stripe: a webhook takes a number before it reads, and a copy is
-- stored only over one read earlier (prisma/README.md).
CREATE SEQUENCE "StripeSubscriptionRead";
