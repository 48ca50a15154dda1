// Where a finding stands in its owner's workflow, as every export format says it (OCSF status_id, ASFF
// Workflow.Status and RecordState, the CSV's workflow_status column).
//
// The one seam for exceptions (issue 16): once a documented exception can cover a check, a trail or an integrity
// finding, this function decides "suppressed" for what an active exception covers, and every format follows. Today
// no exception exists, so every exported finding is new.

export type WorkflowStatus = "new" | "suppressed";

export interface WorkflowSubject {
  type: "check" | "file" | "integrity";
  accountId: string;
  trailArn: string | null;
  /** The check id, or the file status / integrity finding kind. */
  what: string;
}

export function workflowStatusOf(subject: WorkflowSubject): WorkflowStatus {
  void subject;
  return "new";
}
