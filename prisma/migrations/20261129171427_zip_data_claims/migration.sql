-- AlterTable
ALTER TABLE "ZipMarketData" ADD COLUMN     "claimExpiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "retryAfter" TIMESTAMPTZ(3);


