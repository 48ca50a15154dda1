"use client";

import { useActionState } from "react";
import { FormSubmitRow } from "@/components/form-submit-row";
import { createApiTokenAction, type ApiTokenActionState } from "@/app/actions/api-tokens";
import type { Role } from "@/lib/auth/roles";

const INITIAL: ApiTokenActionState = { status: "idle", message: "" };
const FIELD = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";
const LABEL = "flex flex-col text-xs font-medium text-slate-600";
const MAX_DAYS = 366;

/** Creates a token; its secret is shown here once, right after creation, and never again. */
export function ApiTokenForm({ roles }: { roles: Role[] }) {
  const [state, action, pending] = useActionState(createApiTokenAction, INITIAL);
  return (
    <div className="space-y-3">
      <form action={action} aria-label="Create an API token" className="grid gap-3 md:grid-cols-3">
        <label className={LABEL}>
          Name
          <input name="name" required maxLength={100} placeholder="SIEM pull" className={FIELD} />
        </label>
        <label className={LABEL}>
          Role (at most yours)
          <select name="role" defaultValue={roles.includes("viewer") ? "viewer" : roles[0]} className={FIELD}>
            {roles.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </label>
        <label className={LABEL}>
          Expires after (days, 1 to {MAX_DAYS})
          <input name="expiresInDays" type="number" required min={1} max={MAX_DAYS} defaultValue={90} className={FIELD} />
        </label>
        <FormSubmitRow pending={pending} label="Create token" pendingLabel="Creating…" state={state} span="md:col-span-3" />
      </form>
      {state.token ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <label className="flex flex-col gap-1 font-medium">
            Your new token (shown only now)
            <input readOnly value={state.token} aria-label="New API token" className="w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
          </label>
          <p className="mt-1 text-xs text-slate-600">
            Send it as <code>Authorization: Bearer …</code> to <code>/api/v1</code>. TrailProof keeps only its hash.
          </p>
        </div>
      ) : null}
    </div>
  );
}
