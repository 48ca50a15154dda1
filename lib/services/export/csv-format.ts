import { stringify } from "csv-stringify/sync";
import { neutralizeFormula } from "@/lib/services/evidence/bundle";
import type { ExportFinding } from "@/lib/services/export/export-model";

// One row per finding, for spreadsheets and ticket imports: RFC 4180 quoting (csv-stringify), CRLF line ends as the RFC
// writes them, and a text cell a spreadsheet would run as a formula (= + - @) shown as text (the evidence bundle's rule).

export const CSV_COLUMNS = [
  "id",
  "type",
  "severity",
  "workflow_status",
  "account_id",
  "region",
  "trail_arn",
  "title",
  "description",
  "check_id",
  "kind",
  "status",
  "s3_uri",
  "requirements",
  "first_observed_at",
  "last_observed_at",
  "scan_id",
  "validation_run_id",
  "expected_sha256",
  "actual_sha256",
  "from_time",
  "to_time",
] as const;

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : "");

/** The checklist's references a check carries: CIS items and Security Hub controls. */
export function requirementsOf(finding: ExportFinding): string[] {
  return finding.type === "check" ? [...(finding.references.cis ?? []), ...(finding.references.securityHub ?? []).map((id) => `AWS Security Hub ${id}`)] : [];
}

function row(f: ExportFinding): Record<(typeof CSV_COLUMNS)[number], string> {
  const common = {
    id: f.id,
    type: f.type,
    severity: f.severity,
    workflow_status: f.workflowStatus,
    account_id: f.accountId,
    region: f.region ?? "",
    trail_arn: f.trail?.arn ?? "",
    title: f.title,
    description: f.description,
    requirements: requirementsOf(f).join("; "),
    first_observed_at: iso(f.firstObservedAt),
    last_observed_at: iso(f.lastObservedAt),
  };
  switch (f.type) {
    case "check":
      return { ...common, check_id: f.checkId, kind: "", status: "fail", s3_uri: "", scan_id: f.scanId, validation_run_id: "", expected_sha256: "", actual_sha256: "", from_time: "", to_time: "" };
    case "file":
      return { ...common, check_id: "", kind: f.kind, status: f.status, s3_uri: f.s3.uri, scan_id: "", validation_run_id: f.runId, expected_sha256: f.expectedHash ?? "", actual_sha256: f.actualHash ?? "", from_time: iso(f.fileTime), to_time: "" };
    case "integrity":
      return { ...common, check_id: "", kind: f.kind, status: "", s3_uri: f.s3Uri ?? "", scan_id: "", validation_run_id: f.runId, expected_sha256: "", actual_sha256: "", from_time: iso(f.fromTime), to_time: iso(f.toTime) };
  }
}

export function findingsCsv(findings: ExportFinding[]): string {
  return stringify(
    findings.map((f) => {
      const r = row(f);
      return CSV_COLUMNS.map((c) => r[c]);
    }),
    { header: true, columns: [...CSV_COLUMNS], record_delimiter: "windows", cast: { string: neutralizeFormula } },
  );
}
