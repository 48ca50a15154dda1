import { exceptionState, type ExceptionFacts } from "@/lib/core/exceptions/exception";

// Who may move an exception on, and from which state. Operators propose, administrators approve or reject; with
// sign-in on, the approver must be another person than the proposer (two people decide); in local mode the one local
// administrator is everybody, so they may propose and approve alone. Revoking ends an approved (or still proposed)
// exception early: an administrator, or the proposer withdrawing their own proposal.

export type Decision = "approve" | "reject" | "revoke";

export interface Decider {
  id: string;
  mode: "local" | "oidc" | "system";
  isAdmin: boolean;
}

/** Why the decision is not allowed, or null when it is. */
export function decisionRefusal(e: ExceptionFacts & { proposedBy: string }, decider: Decider, decision: Decision, now: Date): string | null {
  const state = exceptionState(e, now);
  if (decision === "revoke") {
    if (state !== "approved" && state !== "proposed") return `This exception is ${state}: only a proposed or approved one can be revoked.`;
    if (!decider.isAdmin && decider.id !== e.proposedBy) return "Only an administrator (or the proposer, withdrawing a proposal) may revoke an exception.";
    if (!decider.isAdmin && state === "approved") return "Only an administrator may revoke an approved exception.";
    return null;
  }
  if (state !== "proposed") return `This exception is ${state}: only a proposed one can be ${decision === "approve" ? "approved" : "rejected"}.`;
  if (!decider.isAdmin) return `Only an administrator may ${decision} an exception.`;
  if (decision === "approve" && decider.mode !== "local" && decider.id === e.proposedBy) return "Two people decide an exception: another administrator than its proposer must approve it.";
  return null;
}
