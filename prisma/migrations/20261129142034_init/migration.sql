-- CreateEnum
CREATE TYPE "SubscriptionStatus" AS ENUM ('NONE', 'TRIALING', 'ACTIVE', 'PAST_DUE', 'CANCELED', 'UNPAID', 'INCOMPLETE', 'INCOMPLETE_EXPIRED', 'PAUSED');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('DORMANT', 'WAITING_FOR_DATA', 'WAITING_FOR_HOME_ANALYSIS', 'READY_TO_CREATE_EMAIL', 'READY_TO_SEND_EMAIL');

-- CreateEnum
CREATE TYPE "EmailCreationStatus" AS ENUM ('NOT_STARTED', 'PENDING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "ArtifactKind" AS ENUM ('LOCAL_MARKET', 'ACTIVE_LISTINGS', 'RECENT_SALES', 'PROPERTY_VALUATION', 'INTRO', 'HOME_REPORT');

-- CreateEnum
CREATE TYPE "ArtifactStatus" AS ENUM ('PENDING', 'RUNNING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "ZipDataKind" AS ENUM ('MARKET_STATS', 'ACTIVE_LISTINGS', 'RECENT_SALES');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('READY', 'SENDING', 'COMPLETE', 'FAILED', 'EXPIRED', 'CANCELED');

-- CreateEnum
CREATE TYPE "ApprovalStatus" AS ENUM ('NOT_REQUIRED', 'PENDING', 'APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "EmailProvider" AS ENUM ('GMAIL', 'POSTMARK', 'LOCAL_OUTBOX');

-- CreateEnum
CREATE TYPE "SuppressionReason" AS ENUM ('UNSUBSCRIBED', 'HARD_BOUNCE', 'SPAM_COMPLAINT', 'MANUAL');

-- CreateEnum
CREATE TYPE "GmailConnectionStatus" AS ENUM ('CONNECTED', 'REVOKED', 'ERROR');

-- CreateEnum
CREATE TYPE "WebhookProvider" AS ENUM ('CLERK', 'STRIPE', 'POSTMARK');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "clerkId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL DEFAULT '',
    "phone" TEXT,
    "brokerageName" TEXT,
    "licenseNumber" TEXT,
    "addressLine1" TEXT,
    "addressLine2" TEXT,
    "city" TEXT,
    "state" TEXT,
    "postalCode" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'America/New_York',
    "sendingWindowEnabled" BOOLEAN NOT NULL DEFAULT true,
    "brandColor" TEXT NOT NULL DEFAULT '#1f4e79',
    "logoUrl" TEXT,
    "photoUrl" TEXT,
    "emailSignature" TEXT,
    "writingTone" TEXT,
    "signOff" TEXT,
    "managedClientId" TEXT,
    "stripeCustomerId" TEXT,
    "stripeSubscriptionId" TEXT,
    "subscriptionStatus" "SubscriptionStatus" NOT NULL DEFAULT 'NONE',
    "subscriptionPlan" TEXT,
    "subscriptionCurrentPeriodEnd" TIMESTAMPTZ(3),
    "campaignLimit" INTEGER,
    "welcomeEmailSentAt" TIMESTAMPTZ(3),
    "deletedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "clientFirstName" TEXT NOT NULL,
    "clientLastName" TEXT NOT NULL DEFAULT '',
    "clientEmail" TEXT NOT NULL,
    "propertyAddressLine1" TEXT NOT NULL,
    "propertyAddressLine2" TEXT,
    "propertyCity" TEXT NOT NULL,
    "propertyState" TEXT NOT NULL,
    "zipCode" TEXT NOT NULL,
    "bedrooms" INTEGER,
    "bathrooms" DOUBLE PRECISION,
    "squareFootage" INTEGER,
    "purchasePrice" INTEGER,
    "purchaseDate" DATE,
    "loanAmount" INTEGER,
    "loanRatePercent" DOUBLE PRECISION,
    "loanTermYears" INTEGER,
    "fixedSendDay" INTEGER NOT NULL,
    "checkBeforeSending" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "status" "CampaignStatus" NOT NULL DEFAULT 'DORMANT',
    "cycle" INTEGER NOT NULL DEFAULT 0,
    "emailCreationStatus" "EmailCreationStatus" NOT NULL DEFAULT 'NOT_STARTED',
    "nextSendDate" TIMESTAMPTZ(3),
    "lastScheduledSendDate" TIMESTAMPTZ(3),
    "lastSentEmailDatetime" TIMESTAMPTZ(3),
    "statusChangedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "unsubscribedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignHistory" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "cycle" INTEGER NOT NULL,
    "fromStatus" "CampaignStatus",
    "toStatus" "CampaignStatus",
    "event" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CampaignHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignArtifact" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "cycle" INTEGER NOT NULL,
    "kind" "ArtifactKind" NOT NULL,
    "status" "ArtifactStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "source" TEXT,
    "payload" JSONB,
    "error" TEXT,
    "zipMarketDataId" UUID,
    "inputTokens" INTEGER,
    "outputTokens" INTEGER,
    "costUsd" DOUBLE PRECISION,
    "startedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CampaignArtifact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ZipMarketData" (
    "id" UUID NOT NULL,
    "zipCode" TEXT NOT NULL,
    "kind" "ZipDataKind" NOT NULL,
    "day" DATE NOT NULL,
    "status" "ArtifactStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "source" TEXT,
    "payload" JSONB,
    "error" TEXT,
    "fetchedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ZipMarketData_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MortgageRate" (
    "id" UUID NOT NULL,
    "series" TEXT NOT NULL,
    "weekOf" DATE NOT NULL,
    "ratePercent" DOUBLE PRECISION NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MortgageRate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Email" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "cycle" INTEGER NOT NULL,
    "status" "EmailStatus" NOT NULL DEFAULT 'READY',
    "toEmail" TEXT NOT NULL,
    "toName" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "introText" TEXT,
    "textBody" TEXT NOT NULL,
    "htmlStorageKey" TEXT NOT NULL,
    "scheduledSendDatetime" TIMESTAMPTZ(3) NOT NULL,
    "approvalStatus" "ApprovalStatus" NOT NULL DEFAULT 'NOT_REQUIRED',
    "approvalRequestedAt" TIMESTAMPTZ(3),
    "approvalReminderSentAt" TIMESTAMPTZ(3),
    "approvedAt" TIMESTAMPTZ(3),
    "approvedBy" TEXT,
    "rejectedAt" TIMESTAMPTZ(3),
    "messageId" TEXT NOT NULL,
    "provider" "EmailProvider",
    "providerMessageId" TEXT,
    "claimedBy" TEXT,
    "claimExpiresAt" TIMESTAMPTZ(3),
    "sendAttempts" INTEGER NOT NULL DEFAULT 0,
    "sentAt" TIMESTAMPTZ(3),
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Email_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApprovalToken" (
    "id" UUID NOT NULL,
    "emailId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApprovalToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Suppression" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "reason" "SuppressionReason" NOT NULL,
    "source" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Suppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GmailConnection" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "googleEmail" TEXT NOT NULL,
    "encryptedRefreshToken" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "status" "GmailConnectionStatus" NOT NULL DEFAULT 'CONNECTED',
    "lastError" TEXT,
    "connectedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "GmailConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LocalOutboxMessage" (
    "id" UUID NOT NULL,
    "userId" UUID,
    "emailId" UUID,
    "kind" TEXT NOT NULL,
    "fromAddress" TEXT NOT NULL,
    "toAddress" TEXT NOT NULL,
    "replyTo" TEXT,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "headers" JSONB NOT NULL,
    "messageId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LocalOutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedWebhookEvent" (
    "id" UUID NOT NULL,
    "provider" "WebhookProvider" NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ProcessedWebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_clerkId_key" ON "User"("clerkId");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "User_stripeCustomerId_key" ON "User"("stripeCustomerId");

-- CreateIndex
CREATE UNIQUE INDEX "User_stripeSubscriptionId_key" ON "User"("stripeSubscriptionId");

-- CreateIndex
CREATE INDEX "User_managedClientId_idx" ON "User"("managedClientId");

-- CreateIndex
CREATE INDEX "Campaign_status_nextSendDate_idx" ON "Campaign"("status", "nextSendDate");

-- CreateIndex
CREATE INDEX "Campaign_status_statusChangedAt_idx" ON "Campaign"("status", "statusChangedAt");

-- CreateIndex
CREATE INDEX "Campaign_userId_createdAt_idx" ON "Campaign"("userId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Campaign_userId_status_idx" ON "Campaign"("userId", "status");

-- CreateIndex
CREATE INDEX "Campaign_zipCode_idx" ON "Campaign"("zipCode");

-- CreateIndex
CREATE INDEX "CampaignHistory_campaignId_at_idx" ON "CampaignHistory"("campaignId", "at");

-- CreateIndex
CREATE INDEX "CampaignArtifact_status_updatedAt_idx" ON "CampaignArtifact"("status", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignArtifact_campaignId_cycle_kind_key" ON "CampaignArtifact"("campaignId", "cycle", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "ZipMarketData_zipCode_kind_day_key" ON "ZipMarketData"("zipCode", "kind", "day");

-- CreateIndex
CREATE UNIQUE INDEX "MortgageRate_series_weekOf_key" ON "MortgageRate"("series", "weekOf");

-- CreateIndex
CREATE UNIQUE INDEX "Email_messageId_key" ON "Email"("messageId");

-- CreateIndex
CREATE INDEX "Email_status_scheduledSendDatetime_idx" ON "Email"("status", "scheduledSendDatetime");

-- CreateIndex
CREATE INDEX "Email_status_claimExpiresAt_idx" ON "Email"("status", "claimExpiresAt");

-- CreateIndex
CREATE INDEX "Email_userId_createdAt_idx" ON "Email"("userId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Email_userId_approvalStatus_idx" ON "Email"("userId", "approvalStatus");

-- CreateIndex
CREATE INDEX "Email_campaignId_createdAt_idx" ON "Email"("campaignId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Email_campaignId_cycle_key" ON "Email"("campaignId", "cycle");

-- CreateIndex
CREATE INDEX "ApprovalToken_emailId_idx" ON "ApprovalToken"("emailId");

-- CreateIndex
CREATE UNIQUE INDEX "Suppression_userId_email_key" ON "Suppression"("userId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "GmailConnection_userId_key" ON "GmailConnection"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "LocalOutboxMessage_messageId_key" ON "LocalOutboxMessage"("messageId");

-- CreateIndex
CREATE INDEX "LocalOutboxMessage_userId_createdAt_idx" ON "LocalOutboxMessage"("userId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_dedupeKey_key" ON "OutboxEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxEvent_publishedAt_nextAttemptAt_idx" ON "OutboxEvent"("publishedAt", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProcessedWebhookEvent_provider_eventId_key" ON "ProcessedWebhookEvent"("provider", "eventId");

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignHistory" ADD CONSTRAINT "CampaignHistory_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignArtifact" ADD CONSTRAINT "CampaignArtifact_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignArtifact" ADD CONSTRAINT "CampaignArtifact_zipMarketDataId_fkey" FOREIGN KEY ("zipMarketDataId") REFERENCES "ZipMarketData"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Email" ADD CONSTRAINT "Email_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Email" ADD CONSTRAINT "Email_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalToken" ADD CONSTRAINT "ApprovalToken_emailId_fkey" FOREIGN KEY ("emailId") REFERENCES "Email"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Suppression" ADD CONSTRAINT "Suppression_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GmailConnection" ADD CONSTRAINT "GmailConnection_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalOutboxMessage" ADD CONSTRAINT "LocalOutboxMessage_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Constraints Prisma's schema language cannot express (listed in prisma/README.md).
-- Every month has days 1–28, so a fixed send day outside them would silently skip months.
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_fixedSendDay_range" CHECK ("fixedSendDay" BETWEEN 1 AND 28);
-- Suppression and duplicate checks compare addresses exactly, so both sides are stored lower-cased.
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_clientEmail_lowercase" CHECK ("clientEmail" = lower("clientEmail"));
ALTER TABLE "Suppression" ADD CONSTRAINT "Suppression_email_lowercase" CHECK ("email" = lower("email"));
-- Zip-level market data is keyed by the 5-digit ZIP code.
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_zipCode_format" CHECK ("zipCode" ~ '^[0-9]{5}$');
