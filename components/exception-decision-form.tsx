"use client";

import { useActionState } from "react";
import { decideExceptionAction, type ExceptionFormState } from "@/app/actions/exceptions";
import { ActionError } from "@/components/action-error";

const INITIAL: ExceptionFormState = { status: "idle", message: "" };

/** The decisions open on one exception for this person: approve/reject (admins), revoke (with a reason). */
export function ExceptionDecisionForm({ exceptionId, covers, decisions }: { exceptionId: string; covers: string; decisions: ("approve" | "reject" | "revoke")[] }) {
  const [state, action, pending] = useActionState(decideExceptionAction, INITIAL);
  if (state.status === "done") return <p role="status" className="text-xs text-slate-600">{state.message}</p>;
  const reasonId = `exc-reason-${exceptionId}`;
  const button = "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60";
  return (
    <form action={action} aria-label={`Decide: ${covers}`} className="flex flex-col gap-1">
      <input type="hidden" name="exceptionId" value={exceptionId} />
      <label htmlFor={reasonId} className="text-xs font-medium text-slate-600">
        Reason (for reject or revoke)
      </label>
      <input id={reasonId} name="reason" maxLength={1000} className="w-48 rounded border border-slate-300 px-2 py-1 text-xs" />
      <div className="flex gap-1">
        {decisions.map((decision) => (
          <button key={decision} type="submit" name="decision" value={decision} disabled={pending} className={button}>
            {decision === "approve" ? "Approve" : decision === "reject" ? "Reject" : "Revoke"}
          </button>
        ))}
      </div>
      <ActionError state={state} />
    </form>
  );
}
