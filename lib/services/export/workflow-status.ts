import { coveringException, type FileState } from "@/lib/core/exceptions/coverage";
import type { ExceptionFacts } from "@/lib/core/exceptions/exception";

// Where a finding stands in its owner's workflow, as every export format says it (OCSF status_id, ASFF
// Workflow.Status and RecordState, the CSV's workflow_status column).
//
// The one seam for exceptions (docs/exceptions.md): what an exception active at the export covers is "suppressed" (a
// check in its account, on its trail or under its OU; a file or integrity finding by the same stable id this export
// gives it, a file only while it is in the state the exception accepted), everything else "new", and every format
// follows. Suppressed findings are still exported: Security Hub
// and SIEMs keep them, marked, as TrailProof's own pages do.

export type WorkflowStatus = "new" | "suppressed";

export interface WorkflowSubject {
  /** The finding's stable id (finding-id.ts): what a finding-scoped exception names. */
  id: string;
  type: "check" | "file" | "integrity";
  accountId: string;
  /** The account's OU path, for exceptions over an organizational unit. */
  ouPath: string | null;
  trailArn: string | null;
  /** The check id, or the file status / integrity finding kind. */
  what: string;
  /** A file's state by its latest verdict (type "file"). */
  file?: FileState;
}

export function workflowStatusOf(subject: WorkflowSubject, active: readonly ExceptionFacts[]): WorkflowStatus {
  const covered =
    subject.type === "check"
      ? coveringException(active, { type: "check", checkId: subject.what, accountId: subject.accountId, ouPath: subject.ouPath, trailArn: subject.trailArn })
      : subject.type === "file" && subject.file
        ? coveringException(active, { type: "file", findingId: subject.id, state: subject.file })
        : coveringException(active, { type: "finding", findingId: subject.id });
  return covered ? "suppressed" : "new";
}
