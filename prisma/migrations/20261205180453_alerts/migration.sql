-- CreateEnum
CREATE TYPE "AlertState" AS ENUM ('open', 'acknowledged', 'resolved');

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "state" "AlertState" NOT NULL DEFAULT 'open',
    "title" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "account_id" VARCHAR(12),
    "region" TEXT,
    "trail_arn" TEXT,
    "s3_uri" TEXT,
    "object_time" TIMESTAMP(3),
    "file_verdict_id" BIGINT,
    "finding_id" BIGINT,
    "check_result_id" BIGINT,
    "check_id" TEXT,
    "run_kind" TEXT NOT NULL,
    "run_id" UUID NOT NULL,
    "first_seen" TIMESTAMP(3) NOT NULL,
    "last_seen" TIMESTAMP(3) NOT NULL,
    "times_seen" INTEGER NOT NULL DEFAULT 1,
    "reopened_count" INTEGER NOT NULL DEFAULT 0,
    "resolved_at" TIMESTAMP(3),
    "resolved_by_run" UUID,
    "acknowledged_by" TEXT,
    "acknowledged_at" TIMESTAMP(3),
    "ack_comment" TEXT,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "alerts_key_key" ON "alerts"("key");

-- CreateIndex
CREATE INDEX "alerts_state_last_seen_idx" ON "alerts"("state", "last_seen" DESC);

-- CreateIndex
CREATE INDEX "alerts_trail_arn_state_idx" ON "alerts"("trail_arn", "state");

-- CreateIndex
CREATE INDEX "alerts_account_id_state_idx" ON "alerts"("account_id", "state");

-- CreateIndex
CREATE INDEX "alerts_last_seen_idx" ON "alerts"("last_seen");
