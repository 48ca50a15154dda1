import type { Database } from "@/lib/db/client";
import { recordAudit, type AuditContext } from "@/lib/db/audit-repository";
import { findException, recordDecision, type DecisionColumns, type ExceptionRow } from "@/lib/db/exceptions-repository";
import { can } from "@/lib/auth/roles";
import { decisionRefusal, type Decision } from "@/lib/core/exceptions/decisions";
import { describeTarget, targetOf } from "@/lib/core/exceptions/exception";
import { ExceptionRefusal } from "@/lib/services/exceptions/propose";

// Approve, reject or revoke: the rules (lib/core/exceptions/decisions.ts) on the row as read, then the write and its
// audit record in one transaction; a decision that lost a race with another is refused, not applied twice.

const ACTION: Record<Decision, string> = { approve: "exception.approve", reject: "exception.reject", revoke: "exception.revoke" };

export async function decideException(database: Database, audit: AuditContext, id: string, decision: Decision, reason: string | null, now = new Date()): Promise<ExceptionRow> {
  const { actor } = audit;
  const decider = { id: actor.id, mode: actor.mode, isAdmin: can(actor, "approve") };
  return database.$transaction(async (tx) => {
    const row = await findException(tx, id);
    if (!row) throw new ExceptionRefusal("No such exception: reload the page.");
    const refusal = decisionRefusal(row, decider, decision, now);
    if (refusal) throw new ExceptionRefusal(refusal);
    if (decision === "revoke" && !reason) throw new ExceptionRefusal("Say why the exception is revoked.");
    const by = { id: actor.id, name: actor.name };
    const columns: DecisionColumns =
      decision === "approve"
        ? { approvedBy: by.id, approvedByName: by.name, approvedAt: now }
        : decision === "reject"
          ? { rejectedBy: by.id, rejectedByName: by.name, rejectedAt: now, rejectReason: reason }
          : { revokedBy: by.id, revokedByName: by.name, revokedAt: now, revokeReason: reason! };
    if (!(await recordDecision(tx, id, columns))) throw new ExceptionRefusal("Someone else decided this exception a moment ago: reload the page.");
    await recordAudit(tx, audit, { action: ACTION[decision], target: id, outcome: "succeeded", detail: { covers: describeTarget(targetOf(row)), proposedBy: row.proposedBy, ...(reason ? { reason } : {}) } });
    return { ...row, ...columns };
  });
}
