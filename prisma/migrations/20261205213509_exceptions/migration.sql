-- CreateEnum
CREATE TYPE "ExceptionScope" AS ENUM ('account', 'trail', 'organizational_unit', 'finding');

-- CreateTable
CREATE TABLE "exceptions" (
    "id" UUID NOT NULL,
    "scope" "ExceptionScope" NOT NULL,
    "check_id" TEXT,
    "account_id" VARCHAR(12),
    "trail_arn" TEXT,
    "ou_path" TEXT,
    "finding_id" TEXT,
    "finding_label" TEXT,
    "object_time" TIMESTAMP(3),
    "justification" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "proposed_by" TEXT NOT NULL,
    "proposed_by_name" TEXT NOT NULL,
    "approved_by" TEXT,
    "approved_by_name" TEXT,
    "approved_at" TIMESTAMP(3),
    "rejected_by" TEXT,
    "rejected_by_name" TEXT,
    "rejected_at" TIMESTAMP(3),
    "reject_reason" TEXT,
    "revoked_by" TEXT,
    "revoked_by_name" TEXT,
    "revoked_at" TIMESTAMP(3),
    "revoke_reason" TEXT,
    "expiry_recorded_at" TIMESTAMP(3),
    "source" TEXT NOT NULL DEFAULT 'ui',

    CONSTRAINT "exceptions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "exceptions_expires_at_idx" ON "exceptions"("expires_at");

-- CreateIndex
CREATE INDEX "exceptions_scope_check_id_idx" ON "exceptions"("scope", "check_id");
