-- AlterTable
ALTER TABLE "ZipMarketData" ADD COLUMN     "claimExpiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "retryAfter" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "VendorRateLimit" (
    "key" TEXT NOT NULL,
    "nextSlotAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "VendorRateLimit_pkey" PRIMARY KEY ("key")
);


