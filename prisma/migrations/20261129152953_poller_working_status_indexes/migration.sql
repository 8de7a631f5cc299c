-- DropIndex
DROP INDEX "Campaign_status_statusChangedAt_idx";

-- CreateIndex
CREATE INDEX "Campaign_status_enabled_emailCreationStatus_statusChangedAt_idx" ON "Campaign"("status", "enabled", "emailCreationStatus", "statusChangedAt");

-- CreateIndex
CREATE INDEX "Campaign_status_unsubscribedAt_idx" ON "Campaign"("status", "unsubscribedAt");


