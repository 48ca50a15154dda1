-- CreateTable
CREATE TABLE "integrity_days" (
    "account_id" VARCHAR(12) NOT NULL,
    "region" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "trail_id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "valid_count" INTEGER NOT NULL DEFAULT 0,
    "invalid_count" INTEGER NOT NULL DEFAULT 0,
    "missing_count" INTEGER NOT NULL DEFAULT 0,
    "tamper_count" INTEGER NOT NULL DEFAULT 0,
    "digest_missing_count" INTEGER NOT NULL DEFAULT 0,
    "gap_count" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "integrity_days_pkey" PRIMARY KEY ("account_id","region","day","trail_id")
);

-- CreateIndex
CREATE INDEX "integrity_days_day_account_id_idx" ON "integrity_days"("day", "account_id");
