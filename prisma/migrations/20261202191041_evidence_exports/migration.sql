-- CreateTable
CREATE TABLE "evidence_exports" (
    "id" UUID NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requested_by" TEXT NOT NULL,
    "scope_kind" TEXT NOT NULL,
    "scope_id" TEXT,
    "window_start" TIMESTAMP(3) NOT NULL,
    "window_end" TIMESTAMP(3) NOT NULL,
    "product_version" TEXT NOT NULL,
    "scan_ids" TEXT[],
    "validation_run_ids" TEXT[],
    "manifest_sha256" CHAR(64) NOT NULL,
    "pdf_sha256" CHAR(64) NOT NULL,
    "bundle_sha256" CHAR(64) NOT NULL,
    "pdf_bytes" BYTEA NOT NULL,
    "bundle_bytes" BYTEA NOT NULL,
    "pdf_size" INTEGER NOT NULL,
    "bundle_size" INTEGER NOT NULL,
    "pages" INTEGER NOT NULL,
    "summary" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "evidence_exports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "evidence_exports_created_at_idx" ON "evidence_exports"("created_at" DESC);
