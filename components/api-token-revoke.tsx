"use client";

import { useActionState } from "react";
import { revokeApiTokenAction, type ApiTokenActionState } from "@/app/actions/api-tokens";

const INITIAL: ApiTokenActionState = { status: "idle", message: "" };

/** One token's Revoke button, with the outcome beside it. */
export function ApiTokenRevoke({ id, prefix }: { id: string; prefix: string }) {
  const [state, action, pending] = useActionState(revokeApiTokenAction, INITIAL);
  return (
    <form action={action} aria-label={`Revoke ${prefix}`} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className="rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-red-700 hover:bg-slate-50 disabled:opacity-60">
        {pending ? "Revoking…" : "Revoke"}
      </button>
      <p role="status" aria-live="polite" className={`text-xs ${state.status === "error" ? "text-red-700" : "text-slate-600"}`}>
        {state.message}
      </p>
    </form>
  );
}
