"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { AccessError, auditFailure, authorize, recordRefusal } from "@/lib/auth/guard";
import { requestContext } from "@/lib/auth/request-context";
import type { Decision } from "@/lib/core/exceptions/decisions";
import { decideException } from "@/lib/services/exceptions/decide";
import { ExceptionRefusal, proposeException } from "@/lib/services/exceptions/propose";

// The Exceptions page's actions: thin shells (zod → authorize → service → revalidate). The proposal's own rules
// (scope, justification, expiry within a year) are the service's (lib/core/exceptions/proposal.ts), so the page, the
// command line and an imported file refuse the same things with the same words.

export interface ExceptionFormState {
  status: "idle" | "done" | "error";
  message: string;
}

const FIELDS = ["scope", "checkId", "accountId", "trailArn", "ouPath", "findingId", "justification", "owner", "expiresAt"] as const;

/** The form's fields as the service reads them: an empty field is absent, not "". */
function proposalFromForm(form: FormData): Record<string, string> {
  const entries = FIELDS.map((field) => [field, String(form.get(field) ?? "").trim()] as const).filter(([, value]) => value !== "");
  return Object.fromEntries(entries);
}

export async function proposeExceptionAction(_previous: ExceptionFormState, form: FormData): Promise<ExceptionFormState> {
  const database = db();
  const audit = await requestContext();
  try {
    await authorize(database, audit, "propose", "exception.propose", null);
  } catch (error) {
    if (error instanceof AccessError) return { status: "error", message: error.message };
    throw error;
  }
  try {
    const row = await proposeException(database, audit, proposalFromForm(form), { source: "ui" });
    revalidatePath("/exceptions");
    return { status: "done", message: `Proposed (${row.id}): an administrator approves it before it applies.` };
  } catch (error) {
    if (error instanceof ExceptionRefusal) return { status: "error", message: error.message };
    console.error("proposing an exception failed", error);
    await auditFailure(database, audit, "exception.propose", null, error);
    return { status: "error", message: "The exception could not be proposed; see the server log." };
  }
}

const decisionInput = z.object({
  exceptionId: z.uuid("unknown exception"),
  decision: z.enum(["approve", "reject", "revoke"]),
  reason: z.string().trim().max(1000, "keep the reason under 1,000 characters").optional(),
});

const PERMISSION: Record<Decision, "approve" | "propose"> = { approve: "approve", reject: "approve", revoke: "propose" };

/** Approve or reject (administrators), revoke (administrators; the proposer withdrawing a proposal). */
export async function decideExceptionAction(_previous: ExceptionFormState, form: FormData): Promise<ExceptionFormState> {
  const database = db();
  const audit = await requestContext();
  const parsed = decisionInput.safeParse({ exceptionId: form.get("exceptionId"), decision: form.get("decision"), reason: form.get("reason") ?? undefined });
  const decision = parsed.success ? parsed.data.decision : "approve";
  const target = parsed.success ? parsed.data.exceptionId : null;
  try {
    await authorize(database, audit, PERMISSION[decision], `exception.${decision}`, target);
  } catch (error) {
    if (error instanceof AccessError) return { status: "error", message: error.message };
    throw error;
  }
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "invalid decision" };
  try {
    await decideException(database, audit, parsed.data.exceptionId, decision, parsed.data.reason || null);
  } catch (error) {
    if (error instanceof ExceptionRefusal) {
      // A decision the rules refuse (the proposer approving their own, a decided one) is on the record too.
      await recordRefusal(database, audit, { action: `exception.${decision}`, target: parsed.data.exceptionId, outcome: "refused", detail: { reason: error.message } });
      return { status: "error", message: error.message };
    }
    console.error(`${decision} of an exception failed`, error);
    await auditFailure(database, audit, `exception.${decision}`, parsed.data.exceptionId, error);
    return { status: "error", message: "The decision could not be recorded; see the server log." };
  }
  revalidatePath("/", "layout"); // the heatmaps, scores and the Exceptions page all change
  return { status: "done", message: decision === "approve" ? "Approved." : decision === "reject" ? "Rejected." : "Revoked." };
}
