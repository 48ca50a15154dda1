import type { TrailSnapshot } from "@/lib/core/checks/snapshot";

// The vocabulary every check, the scorer, the database and the pages share. Statuses and severities are spelled
// exactly like the PostgreSQL enums, so rows round-trip without a mapping table.

export const CHECK_STATUSES = ["pass", "fail", "error", "not_applicable"] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export const SEVERITIES = ["critical", "high", "medium", "low", "informational"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The API fields a verdict rests on, keyed by their AWS API names, so an auditor can replay the call. */
export type Evidence = Record<string, unknown>;

export interface CheckResult {
  checkId: string;
  status: CheckStatus;
  /** One sentence an auditor can read, naming the concrete values. */
  reason: string;
  evidence: Evidence;
}

export interface CheckContext {
  /** The clock of the scan, injected so recency checks stay deterministic. */
  now: Date;
}

export interface CheckReferences {
  /** CIS AWS Foundations Benchmark items with their version, e.g. "CIS AWS Foundations 1.5.0 3.1". */
  cis?: string[];
  /** AWS Security Hub control ids, e.g. "CloudTrail.1". */
  securityHub?: string[];
  /** Prowler check ids, e.g. "cloudtrail_multi_region_enabled". */
  prowler?: string[];
  /** AWS documentation URLs. */
  docs?: string[];
}

export interface CheckDefinition {
  id: string;
  /** A few words for a column header (the overview's heatmap); the id shows on hover. */
  label: string;
  title: string;
  severity: Severity;
  rationale: string;
  /** Concrete: a console path or a CLI command. */
  remediation: string;
  references: CheckReferences;
  evaluate(snapshot: TrailSnapshot, context: CheckContext): CheckResult;
}
