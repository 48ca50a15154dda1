import type { CheckReferences, Severity } from "@/lib/core/checks/types";
import type { TrailDetail } from "@/lib/db/export-repository";
import type { WorkflowStatus } from "@/lib/services/export/workflow-status";

// The findings an export carries, as plain data: the OCSF, ASFF and CSV writers are all rendered from one list, so
// they cannot disagree about what was found.

export type ExportTrail = Omit<TrailDetail, "id">;

interface FindingBase {
  /** Stable across exports of the same problem (finding-id.ts). */
  id: string;
  /** The account the problem is in: a check's scanned account, a file's owner (an organization trail's member). */
  accountId: string;
  /** The region the problem is in: a check's trail home region, a file's or chain's region; null for a check with no trail. */
  region: string | null;
  /** The trail it is about; null for a check result no trail could be attached to. */
  trail: ExportTrail | null;
  severity: Severity;
  title: string;
  /** A sentence or two, naming the concrete values. */
  description: string;
  firstObservedAt: Date;
  lastObservedAt: Date;
  workflowStatus: WorkflowStatus;
}

/** A failing check of an account's latest scan. */
export interface CheckFinding extends FindingBase {
  type: "check";
  checkId: string;
  reason: string;
  evidence: Record<string, unknown>;
  scanId: string;
  references: CheckReferences;
  remediation: string;
}

/** A digest or log file whose latest verdict is INVALID, missing or unreadable. */
export interface FileFinding extends FindingBase {
  type: "file";
  kind: "digest" | "log";
  status: "invalid" | "missing" | "unreadable";
  s3: { bucket: string; key: string; uri: string };
  reason: string | null;
  expectedHash: string | null;
  actualHash: string | null;
  fileTime: Date;
  /** The digest that lists this log file. */
  digestUri: string | null;
  runId: string;
}

/** A strict finding of a validation run that no later run superseded: a broken chain link, a gap, a deleted chain, … */
export interface IntegrityFinding extends FindingBase {
  type: "integrity";
  kind: string;
  s3Uri: string | null;
  message: string;
  fromTime: Date | null;
  toTime: Date | null;
  runId: string;
}

export type ExportFinding = CheckFinding | FileFinding | IntegrityFinding;

export interface ExportDocument {
  findings: ExportFinding[];
  /** When the export was made: every document's generation time. */
  generatedAt: Date;
  productVersion: string;
  window: { from: Date; to: Date };
  /** Plain sentences about what the export cannot show (an account not scanned in the window, a run still going, …). */
  notices: string[];
}

export function s3Parts(uri: string): { bucket: string; key: string } | null {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  return match ? { bucket: match[1]!, key: match[2]! } : null;
}
