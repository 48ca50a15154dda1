-- CreateEnum
CREATE TYPE "AccountSource" AS ENUM ('organization', 'configured');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'succeeded', 'partial', 'failed');

-- CreateEnum
CREATE TYPE "CheckStatus" AS ENUM ('fail', 'error', 'pass', 'not_applicable');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('critical', 'high', 'medium', 'low', 'informational');

-- CreateEnum
CREATE TYPE "FileKind" AS ENUM ('digest', 'log');

-- CreateEnum
CREATE TYPE "FileStatus" AS ENUM ('invalid', 'missing', 'valid');

-- CreateTable
CREATE TABLE "accounts" (
    "id" VARCHAR(12) NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "ou_path" TEXT,
    "source" "AccountSource" NOT NULL DEFAULT 'configured',
    "role_name" TEXT NOT NULL DEFAULT 'TrailProofAudit',
    "external_id" TEXT,
    "regions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scan_runs" (
    "id" UUID NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "trigger" TEXT NOT NULL,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "error" TEXT,
    "accounts_total" INTEGER NOT NULL DEFAULT 0,
    "trails_total" INTEGER NOT NULL DEFAULT 0,
    "pass_count" INTEGER NOT NULL DEFAULT 0,
    "fail_count" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "scan_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scan_accounts" (
    "scan_id" UUID NOT NULL,
    "account_id" VARCHAR(12) NOT NULL,
    "status" "RunStatus" NOT NULL,
    "score" DOUBLE PRECISION,
    "error" TEXT,

    CONSTRAINT "scan_accounts_pkey" PRIMARY KEY ("scan_id","account_id")
);

-- CreateTable
CREATE TABLE "trails" (
    "id" UUID NOT NULL,
    "arn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "account_id" VARCHAR(12) NOT NULL,
    "home_region" TEXT NOT NULL,
    "is_organization_trail" BOOLEAN NOT NULL DEFAULT false,
    "is_multi_region" BOOLEAN NOT NULL DEFAULT false,
    "s3_bucket_name" TEXT,
    "s3_key_prefix" TEXT,
    "kms_key_id" TEXT,
    "log_group_arn" TEXT,
    "log_file_validation" BOOLEAN NOT NULL DEFAULT false,
    "first_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trails_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "check_results" (
    "id" BIGSERIAL NOT NULL,
    "scan_id" UUID NOT NULL,
    "account_id" VARCHAR(12) NOT NULL,
    "trail_id" UUID,
    "check_id" TEXT NOT NULL,
    "status" "CheckStatus" NOT NULL,
    "severity" "Severity" NOT NULL,
    "reason" TEXT NOT NULL,
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "inherited" BOOLEAN NOT NULL DEFAULT false,
    "region" TEXT,

    CONSTRAINT "check_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "validation_runs" (
    "id" UUID NOT NULL,
    "trail_id" UUID NOT NULL,
    "account_id" VARCHAR(12) NOT NULL,
    "regions" TEXT[],
    "window_start" TIMESTAMP(3) NOT NULL,
    "window_end" TIMESTAMP(3) NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "phase" TEXT,
    "full" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "digests_total" INTEGER NOT NULL DEFAULT 0,
    "digests_done" INTEGER NOT NULL DEFAULT 0,
    "logs_total" INTEGER NOT NULL DEFAULT 0,
    "logs_done" INTEGER NOT NULL DEFAULT 0,
    "invalid_count" INTEGER NOT NULL DEFAULT 0,
    "missing_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "validation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "file_verdicts" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "account_id" VARCHAR(12) NOT NULL,
    "region" TEXT NOT NULL,
    "kind" "FileKind" NOT NULL,
    "status" "FileStatus" NOT NULL,
    "reason" TEXT,
    "s3_bucket" TEXT NOT NULL,
    "s3_key" TEXT NOT NULL,
    "file_time" TIMESTAMP(3) NOT NULL,
    "expected_hash" TEXT,
    "actual_hash" TEXT,
    "digest_key" TEXT,
    "fingerprint" TEXT,
    "etag" TEXT,
    "size" BIGINT,
    "last_modified" TIMESTAMP(3),
    "version_id" TEXT,
    "checked_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "file_verdicts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "findings" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "account_id" VARCHAR(12) NOT NULL,
    "region" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "s3_uri" TEXT,
    "message" TEXT NOT NULL,
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "from_time" TIMESTAMP(3),
    "to_time" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "findings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "scan_runs_created_at_idx" ON "scan_runs"("created_at" DESC);

-- CreateIndex
CREATE INDEX "scan_accounts_account_id_scan_id_idx" ON "scan_accounts"("account_id", "scan_id");

-- CreateIndex
CREATE UNIQUE INDEX "trails_arn_key" ON "trails"("arn");

-- CreateIndex
CREATE INDEX "trails_account_id_idx" ON "trails"("account_id");

-- CreateIndex
CREATE INDEX "check_results_scan_id_account_id_check_id_idx" ON "check_results"("scan_id", "account_id", "check_id");

-- CreateIndex
CREATE INDEX "check_results_account_id_check_id_scan_id_idx" ON "check_results"("account_id", "check_id", "scan_id");

-- CreateIndex
CREATE INDEX "check_results_trail_id_scan_id_idx" ON "check_results"("trail_id", "scan_id");

-- CreateIndex
CREATE INDEX "validation_runs_trail_id_created_at_idx" ON "validation_runs"("trail_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "validation_runs_account_id_created_at_idx" ON "validation_runs"("account_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "validation_runs_status_idx" ON "validation_runs"("status");

-- CreateIndex
CREATE INDEX "file_verdicts_run_id_status_kind_idx" ON "file_verdicts"("run_id", "status", "kind");

-- CreateIndex
CREATE INDEX "file_verdicts_account_id_file_time_idx" ON "file_verdicts"("account_id", "file_time");

-- CreateIndex
CREATE INDEX "file_verdicts_s3_bucket_s3_key_checked_at_idx" ON "file_verdicts"("s3_bucket", "s3_key", "checked_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "file_verdicts_run_id_kind_s3_bucket_s3_key_key" ON "file_verdicts"("run_id", "kind", "s3_bucket", "s3_key");

-- CreateIndex
CREATE INDEX "findings_run_id_kind_idx" ON "findings"("run_id", "kind");

-- CreateIndex
CREATE INDEX "findings_account_id_from_time_idx" ON "findings"("account_id", "from_time");

-- AddForeignKey
ALTER TABLE "scan_accounts" ADD CONSTRAINT "scan_accounts_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "scan_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_accounts" ADD CONSTRAINT "scan_accounts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trails" ADD CONSTRAINT "trails_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "scan_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_trail_id_fkey" FOREIGN KEY ("trail_id") REFERENCES "trails"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "validation_runs" ADD CONSTRAINT "validation_runs_trail_id_fkey" FOREIGN KEY ("trail_id") REFERENCES "trails"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "validation_runs" ADD CONSTRAINT "validation_runs_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "file_verdicts" ADD CONSTRAINT "file_verdicts_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "validation_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "file_verdicts" ADD CONSTRAINT "file_verdicts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "validation_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
