-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "lastNudgedAt" TIMESTAMPTZ(3);
