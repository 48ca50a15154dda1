-- DropIndex
DROP INDEX "integrity_days_day_account_id_idx";

-- CreateIndex
CREATE INDEX "integrity_days_account_id_day_idx" ON "integrity_days"("account_id", "day");
