-- CreateTable
CREATE TABLE "scan_issues" (
    "id" BIGSERIAL NOT NULL,
    "scan_id" UUID NOT NULL,
    "account_id" VARCHAR(12) NOT NULL,
    "region" TEXT,
    "call" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scan_issues_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "scan_issues_scan_id_account_id_idx" ON "scan_issues"("scan_id", "account_id");

-- AddForeignKey
ALTER TABLE "scan_issues" ADD CONSTRAINT "scan_issues_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "scan_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
