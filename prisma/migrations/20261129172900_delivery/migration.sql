-- AlterTable
ALTER TABLE "Email" ADD COLUMN     "fallbackReason" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "welcomeEmailClaimExpiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "welcomeEmailProvider" "EmailProvider",
ADD COLUMN     "welcomeEmailProviderMessageId" TEXT;

-- CreateTable
CREATE TABLE "SendBudget" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SendBudget_pkey" PRIMARY KEY ("key")
);


