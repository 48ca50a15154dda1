import "server-only";
import { db } from "@/lib/db/client";
import { AccessError, authorize } from "@/lib/auth/guard";
import { requestContext } from "@/lib/auth/request-context";
import { recordAudit } from "@/lib/db/audit-repository";
import { exportFile, listExports } from "@/lib/db/evidence-repository";
import { describeScope, scopeFromColumns } from "@/lib/services/evidence/scope";
import { isUuid } from "@/lib/util/ids";
import { refusal } from "@/lib/auth/refusal";

// What the Evidence page and the download routes read: plain view models, never the stored bytes in a list.

export interface ExportListItem {
  id: string;
  createdAt: Date;
  requestedBy: string;
  scope: string;
  windowStart: Date;
  windowEnd: Date;
  pdfSha256: string;
  manifestSha256: string;
  bundleSha256: string;
  pages: number;
  pdfSize: number;
  bundleSize: number;
}

export async function getEvidenceExports(): Promise<ExportListItem[]> {
  const rows = await listExports(db());
  return rows.map(({ scopeKind, scopeId, ...row }) => ({ ...row, scope: describeScope(scopeFromColumns(scopeKind, scopeId)) }));
}


const REFUSAL_STATUS = { unauthenticated: 401, forbidden: 403, "rate-limited": 429 } as const;

/** A download of an export's PDF or zip: 404 for an unknown id, the exact stored bytes otherwise. */
export async function exportDownload(id: string, file: "pdf" | "bundle"): Promise<Response> {
  // Evidence is for those who may export it; every download, and every refusal, is in the audit trail.
  const context = await requestContext();
  try {
    await authorize(db(), context, "export", "evidence.download", id);
  } catch (error) {
    if (error instanceof AccessError) return refusal(REFUSAL_STATUS[error.code], error.message);
    throw error;
  }
  const found = isUuid(id) ? await exportFile(db(), id, file) : null;
  if (!found) return new Response("No such evidence export.", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  await recordAudit(db(), context, { action: "evidence.download", target: id, outcome: "succeeded", detail: { file, sha256: found.sha256 } });
  const day = found.createdAt.toISOString().slice(0, 10);
  const name = `trailproof-evidence-${found.scopeKind}-${day}-${found.id.slice(0, 8)}.${file === "pdf" ? "pdf" : "zip"}`;
  return new Response(Buffer.from(found.bytes), {
    headers: {
      "content-type": file === "pdf" ? "application/pdf" : "application/zip",
      "content-disposition": `attachment; filename="${name}"`,
      "content-length": String(found.bytes.length),
      // The hash the export record holds: a client can check what it received without opening the Evidence page.
      "x-content-sha256": found.sha256,
      "cache-control": "private, no-store",
    },
  });
}
