import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/client";
import type { AuditContext } from "@/lib/db/audit-repository";
import { recordExport } from "@/lib/db/evidence-repository";
import { buildBundleContents, PDF_NAME, pdfSidecar, sha256Hex, signatureFiles, zipBundle } from "@/lib/services/evidence/bundle";
import { loadSigningKey } from "@/lib/services/evidence/signing-key";
import { loadReportModel } from "@/lib/services/evidence/load-report";
import { printReportPdf } from "@/lib/services/evidence/print-pdf";
import { dataSources, type ReportModel } from "@/lib/services/evidence/report-model";
import { scopeColumns, type EvidenceScope, type EvidenceWindow } from "@/lib/services/evidence/scope";
import { productVersion } from "@/lib/util/product-version";

// One evidence export, the same for the UI and the CLI: load the model, write the data files and their manifest,
// print the PDF (which shows the manifest's hash), zip everything, and record who exported what, with the bytes
// and their hashes, in one row. Nothing is recorded unless every step succeeded.

export interface ExportRequest {
  /** The export's id, when the caller fixed it beforehand (a queued export's job id); else a new one. */
  id?: string;
  scope: EvidenceScope;
  window: EvidenceWindow;
  /** Who asked: "local" from the UI until sign-in exists, the OS user from the CLI. */
  requestedBy: string;
  now?: Date;
  /** The audit record written with the export, in the same transaction. */
  audit?: AuditContext;
}

export interface EvidenceExportResult {
  id: string;
  pdf: Buffer;
  bundle: Buffer;
  pdfSha256: string;
  manifestSha256: string;
  bundleSha256: string;
  pages: number;
  /** Chromium prints it took (2 normally): the benchmark reports it. */
  prints: number;
  notices: string[];
}

function summaryOf(model: ReportModel) {
  return {
    score: model.score.score,
    checks: model.score.counts,
    accounts: model.accounts.length,
    trails: model.trails.length,
    flaggedFiles: model.validations.reduce((n, v) => n + v.flaggedTotal, 0),
    findings: model.validations.reduce((n, v) => n + v.findings.length, 0),
    notices: model.notices,
  };
}

export async function exportEvidence(database: Database, request: ExportRequest): Promise<EvidenceExportResult> {
  const model = await loadReportModel(database, {
    id: request.id ?? randomUUID(),
    scope: request.scope,
    window: request.window,
    generatedBy: request.requestedBy,
    productVersion: productVersion(),
    now: request.now,
  });
  const { covered, manifest } = buildBundleContents(model);
  const key = loadSigningKey();
  const printed = await printReportPdf(model, { sha256: manifest.sha256, text: manifest.bytes.toString("utf8"), signingKey: { fingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem } });
  const bundle = await zipBundle(model, [...covered, manifest, ...signatureFiles(manifest, key), { name: PDF_NAME, bytes: printed.pdf }, pdfSidecar(printed.pdf)]);
  const result: EvidenceExportResult = {
    id: model.id,
    pdf: printed.pdf,
    bundle,
    pdfSha256: sha256Hex(printed.pdf),
    manifestSha256: manifest.sha256,
    bundleSha256: sha256Hex(bundle),
    pages: printed.pages,
    prints: printed.prints,
    notices: model.notices,
  };
  await recordExport(database, {
    id: result.id,
    createdAt: model.generatedAt,
    requestedBy: request.requestedBy,
    ...scopeColumns(request.scope),
    windowStart: request.window.from,
    windowEnd: request.window.to,
    productVersion: model.productVersion,
    ...dataSources(model),
    manifestSha256: result.manifestSha256,
    pdfSha256: result.pdfSha256,
    bundleSha256: result.bundleSha256,
    pdfBytes: new Uint8Array(result.pdf),
    bundleBytes: new Uint8Array(result.bundle),
    pdfSize: result.pdf.length,
    bundleSize: result.bundle.length,
    pages: result.pages,
    summary: summaryOf(model),
  }, request.audit);
  return result;
}
