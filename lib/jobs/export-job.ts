import { randomUUID } from "node:crypto";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/client";
import { recordAudit, type AuditContext } from "@/lib/db/audit-repository";
import { EXPORT_QUEUE, JOB_OPTIONS } from "@/lib/jobs/queues";
import { EvidenceError } from "@/lib/services/evidence/evidence-error";
import { exportEvidence } from "@/lib/services/evidence/export-evidence";
import type { EvidenceScope } from "@/lib/services/evidence/scope";

// "Export evidence" from the UI runs as a job: a large report takes a minute or more (Chromium prints hundreds of
// pages), longer than a request should wait behind a reverse proxy, and a job survives a restart (pg-boss retries
// it). The job's id is the export's id, so the page follows the job and then finds the export row by the same id.

export interface ExportJob {
  exportId: string;
  scope: EvidenceScope;
  window: { from: string; to: string };
  requestedBy: string;
  /** Who asked, from where: the export's audit record carries it, written with the export row. */
  audit: AuditContext;
  /** The audit target of the request ("organization", the account id or the trail ARN): failures name it too. */
  target: string;
}

export interface ExportRequestInput {
  scope: EvidenceScope;
  window: { from: Date; to: Date };
  requestedBy: string;
  audit: AuditContext;
  target: string;
}

/** Records the request (its own audit record, which the rate limit counts) and queues the export; returns its id. */
export async function requestExport(database: Database, boss: PgBoss, input: ExportRequestInput): Promise<string> {
  const exportId = randomUUID();
  const job: ExportJob = { exportId, scope: input.scope, window: { from: input.window.from.toISOString(), to: input.window.to.toISOString() }, requestedBy: input.requestedBy, audit: input.audit, target: input.target };
  // The request's record first: the export (whose report lists the window's activity) can only follow it.
  await recordAudit(database, input.audit, { action: "evidence.export.request", target: input.target, outcome: "succeeded", detail: { exportId } });
  await boss.send(EXPORT_QUEUE, job, { ...JOB_OPTIONS[EXPORT_QUEUE], id: exportId });
  return exportId;
}

/**
 * What the worker does with one export job. A refusal of the request itself (unknown scope, too large) is final; any
 * other failure is retried, and recorded in the audit trail when no attempt is left (`lastAttempt`).
 */
export async function carryOutExport(database: Database, job: ExportJob, lastAttempt: boolean): Promise<{ error?: string }> {
  // A retried job whose first attempt committed before its worker died: the export exists, nothing to redo.
  if (await database.evidenceExport.findUnique({ where: { id: job.exportId }, select: { id: true } })) return {};
  try {
    await exportEvidence(database, { id: job.exportId, scope: job.scope, window: { from: new Date(job.window.from), to: new Date(job.window.to) }, requestedBy: job.requestedBy, audit: job.audit });
    return {};
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const final = error instanceof EvidenceError || lastAttempt;
    if (final) {
      const detail = { exportId: job.exportId, error: message.slice(0, 500) };
      await recordAudit(database, job.audit, { action: "evidence.export", target: job.target, outcome: "failed", detail }).catch(() => undefined);
    }
    if (error instanceof EvidenceError) return { error: message };
    throw error; // pg-boss retries while attempts are left
  }
}

export type ExportStatus =
  | { state: "running"; attempt: number }
  | { state: "done"; notices: string[]; pages: number }
  | { state: "failed"; message: string };

/** The page's view of one export: finished (the row exists), still going, or failed with a reason to show. */
export async function exportStatus(database: Database, boss: PgBoss, exportId: string): Promise<ExportStatus | null> {
  // The job first, the row second: the worker stores the row before it completes the job, so a completed job
  // without an error always finds its row here.
  const job = await boss.getJobById<ExportJob>(EXPORT_QUEUE, exportId, { includeArchive: true });
  const row = await database.evidenceExport.findUnique({ where: { id: exportId }, select: { pages: true, summary: true } });
  if (row) return { state: "done", pages: row.pages, notices: ((row.summary as { notices?: string[] }).notices ?? []).filter((n) => typeof n === "string") };
  if (!job) return null;
  const output = job.output as { error?: string } | null;
  if (job.state === "completed" && output?.error) return { state: "failed", message: output.error };
  if (job.state === "failed" || job.state === "cancelled" || job.state === "completed") {
    return { state: "failed", message: "The export could not be generated; the server log says why. Try again." };
  }
  return { state: "running", attempt: job.retryCount + 1 };
}
