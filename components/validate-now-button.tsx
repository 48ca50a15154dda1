"use client";

import { useActionState } from "react";
import { validateNow, type ValidateActionState } from "@/app/actions/validate";
import { ValidationProgressView } from "@/components/run-progress";

const INITIAL: ValidateActionState = { status: "idle", message: "", runIds: [] };

export interface ValidateTarget {
  trailIds?: string[];
  accountIds?: string[];
}

/**
 * "Validate now" for trails or accounts: queues the runs (or joins those already queued or running) and shows each
 * one's progress. Runs already active when the page was rendered are passed in, so a reload keeps the progress.
 */
/** `mayStart` false (the actor lacks the validate permission): only the progress of runs already active is shown. */
export function ValidateNowButton({ target, activeRunIds = [], label = "Validate now", mayStart = true }: { target: ValidateTarget; activeRunIds?: string[]; label?: string; mayStart?: boolean }) {
  const [state, action, pending] = useActionState(validateNow, INITIAL);
  const following = [...new Set([...state.runIds, ...activeRunIds])];
  return (
    <div className="space-y-3">
      {mayStart ? (
        <form action={action} className="flex flex-wrap items-center gap-3" aria-label="Validate">
          {target.trailIds?.map((id) => <input key={id} type="hidden" name="trailId" value={id} />)}
          {target.accountIds?.map((id) => <input key={id} type="hidden" name="accountId" value={id} />)}
          <label className="flex items-center gap-2 text-sm text-slate-700">
            Window
            <select name="days" defaultValue="7" className="rounded border border-slate-300 bg-white px-2 py-1 text-sm">
              <option value="1">last 24 hours</option>
              <option value="7">last 7 days</option>
              <option value="30">last 30 days</option>
              <option value="90">last 90 days</option>
            </select>
          </label>
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-wait disabled:opacity-60"
          >
            {pending ? "Queuing…" : label}
          </button>
          <p role="status" aria-live="polite" className={`text-sm ${state.status === "error" ? "text-red-700" : "text-slate-600"}`}>
            {state.message}
          </p>
        </form>
      ) : null}
      {following.length > 0 ? (
        <div className="grid gap-2 md:grid-cols-2">
          {following.slice(0, 20).map((id) => (
            <ValidationProgressView key={id} runId={id} />
          ))}
          {following.length > 20 ? <p className="text-sm text-slate-600">…and {following.length - 20} more runs</p> : null}
        </div>
      ) : null}
    </div>
  );
}
