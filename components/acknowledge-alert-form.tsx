"use client";

import { useActionState } from "react";
import { acknowledgeAlertAction, type AcknowledgeState } from "@/app/actions/acknowledge-alert";
import { ActionError } from "@/components/action-error";

const INITIAL: AcknowledgeState = { status: "idle", message: "" };

/** Acknowledge one open alert with a comment (operators and administrators). */
export function AcknowledgeAlertForm({ alertId, title }: { alertId: string; title: string }) {
  const [state, action, pending] = useActionState(acknowledgeAlertAction, INITIAL);
  if (state.status === "done") return <p role="status" className="text-xs text-slate-600">{state.message}</p>;
  const commentId = `ack-comment-${alertId}`;
  return (
    <form action={action} aria-label={`Acknowledge: ${title}`} className="flex flex-col gap-1">
      <input type="hidden" name="alertId" value={alertId} />
      <label htmlFor={commentId} className="text-xs font-medium text-slate-600">
        Comment
      </label>
      <textarea id={commentId} name="comment" required minLength={3} maxLength={1000} rows={2} className="w-56 rounded border border-slate-300 px-2 py-1 text-xs" />
      <button type="submit" disabled={pending} className="self-start rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60">
        {pending ? "Acknowledging…" : "Acknowledge"}
      </button>
      <ActionError state={state} />
    </form>
  );
}
