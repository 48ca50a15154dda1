-- CreateIndex
CREATE INDEX "alerts_first_seen_id_idx" ON "alerts"("first_seen" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "validation_runs_created_at_id_idx" ON "validation_runs"("created_at" DESC, "id" DESC);
