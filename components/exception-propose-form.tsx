"use client";

import { useActionState, useState } from "react";
import { proposeExceptionAction, type ExceptionFormState } from "@/app/actions/exceptions";

const INITIAL: ExceptionFormState = { status: "idle", message: "" };

const SCOPES = [
  { value: "account", label: "a check in one account" },
  { value: "trail", label: "a check on one trail (every account that sees it)" },
  { value: "organizational_unit", label: "a check in every account under an OU" },
  { value: "finding", label: "one integrity finding (its export id)" },
] as const;

export interface ProposeDefaults {
  scope?: string;
  checkId?: string;
  accountId?: string;
  trailArn?: string;
  ouPath?: string;
  findingId?: string;
}

const input = "w-full rounded border border-slate-300 px-2 py-1 text-sm";
const labelClass = "block text-xs font-medium text-slate-700";

/** Propose an exception (operators and administrators); the fields shown follow the scope chosen. */
export function ExceptionProposeForm({ checks, defaults, defaultExpiry }: { checks: { id: string; title: string }[]; defaults: ProposeDefaults; defaultExpiry: string }) {
  const [state, action, pending] = useActionState(proposeExceptionAction, INITIAL);
  const [scope, setScope] = useState(defaults.scope ?? "account");
  return (
    <form action={action} aria-label="Propose an exception" className="grid max-w-2xl gap-3 rounded-lg border border-slate-200 bg-white p-4">
      <div>
        <label htmlFor="exc-scope" className={labelClass}>
          Covers
        </label>
        <select id="exc-scope" name="scope" value={scope} onChange={(e) => setScope(e.target.value)} className={input}>
          {SCOPES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      {scope !== "finding" ? (
        <div>
          <label htmlFor="exc-check" className={labelClass}>
            Check
          </label>
          <select id="exc-check" name="checkId" defaultValue={defaults.checkId} className={input}>
            {checks.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id}: {c.title}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {scope === "account" ? <Field id="exc-account" name="accountId" label="Account id (12 digits)" defaultValue={defaults.accountId} /> : null}
      {scope === "trail" ? <Field id="exc-trail" name="trailArn" label="Trail ARN" defaultValue={defaults.trailArn} /> : null}
      {scope === "organizational_unit" ? <Field id="exc-ou" name="ouPath" label='OU path (e.g. "Root/Sandbox")' defaultValue={defaults.ouPath} /> : null}
      {scope === "finding" ? <Field id="exc-finding" name="findingId" label="Finding id (trailproof/file/… or trailproof/integrity/…, as exported)" defaultValue={defaults.findingId} /> : null}
      <div>
        <label htmlFor="exc-justification" className={labelClass}>
          Justification
        </label>
        <textarea id="exc-justification" name="justification" required minLength={10} maxLength={2000} rows={3} className={input} />
      </div>
      <Field id="exc-owner" name="owner" label="Owner (who answers for the risk)" />
      <div>
        <label htmlFor="exc-expires" className={labelClass}>
          Expires (at most a year from today)
        </label>
        <input id="exc-expires" name="expiresAt" type="date" required defaultValue={defaultExpiry} className={input} />
      </div>
      <button type="submit" disabled={pending} className="justify-self-start rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60">
        {pending ? "Proposing…" : "Propose exception"}
      </button>
      {state.status !== "idle" ? (
        <p role={state.status === "error" ? "alert" : "status"} className={`text-sm ${state.status === "error" ? "text-red-700" : "text-slate-700"}`}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

function Field({ id, name, label, defaultValue }: { id: string; name: string; label: string; defaultValue?: string }) {
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input id={id} name={name} required defaultValue={defaultValue} className={input} />
    </div>
  );
}
