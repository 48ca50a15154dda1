import type { Severity } from "@/lib/core/checks/types";

// How grave an integrity problem is, on the checklist's scale, so one severity mapping serves every export format.
// Proof of tampering (content or chain that differs from what CloudTrail signed) is critical; files or links that are
// gone, or objects nothing vouches for, are high; what could not be examined is medium: it proves nothing either way.

const FILE_SEVERITY: Record<"invalid" | "missing" | "unreadable", Severity> = { invalid: "critical", missing: "high", unreadable: "medium" };

const FINDING_SEVERITY: Record<string, Severity> = {
  "chain-broken": "critical",
  "digest-skipped": "critical",
  "suspicious-gap": "critical",
  "log-trailing-data": "high",
  "digest-trailing-bytes": "high",
  "log-unreferenced": "high",
  "chain-missing": "high",
  "digest-missing": "high",
  "unexpected-prefix": "high",
  "malformed-digest-key": "high",
  gap: "high",
  "signature-not-sha256": "medium",
  "digest-unreadable": "medium",
  unreadable: "medium",
  aborted: "medium",
  "listing-capped": "medium",
};

export function fileSeverity(status: "invalid" | "missing" | "unreadable"): Severity {
  return FILE_SEVERITY[status];
}

/** A kind this table does not know yet is reported as medium rather than dropped. */
export function findingSeverity(kind: string): Severity {
  return FINDING_SEVERITY[kind] ?? "medium";
}

/** Kinds that mean someone changed, removed or added files or links, rather than that something could not be read. */
export function isTampering(finding: { type: "file"; status: string } | { type: "integrity"; kind: string }): boolean {
  return finding.type === "file" ? finding.status !== "unreadable" : ["critical", "high"].includes(findingSeverity(finding.kind));
}
