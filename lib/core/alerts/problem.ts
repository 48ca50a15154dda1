import type { Severity } from "@/lib/core/checks/types";

// What the raising rules work on: the problems one run found, and the alerts already known. Plain data, so the rules
// (reconcile.ts, validation-problems.ts, scan-problems.ts) are tested with tables and no database.

export type AlertState = "open" | "acknowledged" | "resolved";

/** Which runs can see a problem again: a validation of the alert's trail, or a scan of its account. */
export type RunKind = "validation" | "scan";

/** What an alert is about, as every view of it says it: the rules' problems, notifications, evidence reports. */
export interface AlertSubject {
  /** What kind of problem: "file-invalid", "file-missing", "chain-broken", "digest-overdue", "check-failed", … */
  kind: string;
  severity: Severity;
  /** One line a person reads first (the e-mail's subject after the severity). */
  title: string;
  /** Why: the finding's or check's reason, in words. */
  reason: string;
  accountId: string | null;
  region: string | null;
  trailArn: string | null;
  /** The S3 object concerned, as s3://bucket/key, where there is one. */
  s3Uri: string | null;
}

export interface Problem extends AlertSubject {
  /** Names the problem, not the run: the same problem found by two runs has the same key (one alert). */
  key: string;
  /** The time the problem is about (a file's, a gap's start), when it has one: see couldSee in the sources. */
  objectTime: Date | null;
  fileVerdictId: bigint | null;
  findingId: bigint | null;
  checkResultId: bigint | null;
  checkId: string | null;
}

/** What the rules need to know of a stored alert. */
export interface KnownAlert {
  id: string;
  key: string;
  kind: string;
  state: AlertState;
  runKind: RunKind;
  accountId: string | null;
  region: string | null;
  trailArn: string | null;
  s3Uri: string | null;
  objectTime: Date | null;
}

/** What one run found, and which known alerts it was in a position to find again. */
export interface Sighting {
  problems: Problem[];
  /** True when the run looked where this alert's problem was: not finding it there then resolves the alert. */
  couldSee: (alert: KnownAlert) => boolean;
}

export const EMPTY_LINKS = { fileVerdictId: null, findingId: null, checkResultId: null, checkId: null } as const;

export function isActive(alert: { state: AlertState }): boolean {
  return alert.state === "open" || alert.state === "acknowledged";
}
