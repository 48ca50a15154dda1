import type { Database } from "@/lib/db/client";
import { asffBatches, toAsff, type AsffFinding } from "@/lib/services/export/asff-format";
import { findingsCsv } from "@/lib/services/export/csv-format";
import type { ExportFinding } from "@/lib/services/export/export-model";
import { loadExportFindings, type ExportScope } from "@/lib/services/export/load-findings";
import { toOcsf } from "@/lib/services/export/ocsf-format";
import { productVersion } from "@/lib/util/product-version";

// One export of findings, the same for the command line and whatever calls it next (an API, a schedule): load the
// findings of the scope, then render them in the format asked for. Read-only: nothing is written to the database or
// to AWS.

export const EXPORT_FORMATS = ["ocsf", "asff", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportRequest extends ExportScope {
  format: ExportFormat;
  /** The Security Hub region of an ASFF finding that has none (a check result with no trail). */
  defaultRegion: string;
}

export type ExportOutput =
  | { format: "ocsf"; events: Record<string, unknown>[] }
  | { format: "asff"; findings: AsffFinding[]; batches: ReturnType<typeof asffBatches> }
  | { format: "csv"; text: string };

export interface ExportResult {
  output: ExportOutput;
  findings: ExportFinding[];
  notices: string[];
}

export function renderFindings(findings: ExportFinding[], format: ExportFormat, defaultRegion: string): ExportOutput {
  switch (format) {
    case "ocsf":
      return { format, events: findings.map((f) => toOcsf(f, productVersion())) };
    case "asff": {
      const asff = findings.map((f) => toAsff(f, defaultRegion));
      return { format, findings: asff, batches: asffBatches(asff) };
    }
    case "csv":
      return { format, text: findingsCsv(findings) };
  }
}

export async function exportFindings(database: Database, request: ExportRequest): Promise<ExportResult> {
  const { findings, notices } = await loadExportFindings(database, request);
  return { output: renderFindings(findings, request.format, request.defaultRegion), findings, notices };
}
