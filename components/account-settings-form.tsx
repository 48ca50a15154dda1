"use client";

import { useActionState } from "react";
import { FormSubmitRow } from "@/components/form-submit-row";
import { saveAccountSettings, type AccountSettingsState } from "@/app/actions/account-settings";

const INITIAL: AccountSettingsState = { status: "idle", message: "" };
const FIELD = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";

/** Adds an account, or changes how TrailProof reaches one (same account id: its settings are replaced). */
export function AccountSettingsForm() {
  const [state, action, pending] = useActionState(saveAccountSettings, INITIAL);
  return (
    <form action={action} aria-label="Account access" className="grid gap-3 md:grid-cols-3">
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Account id
        <input name="accountId" required inputMode="numeric" pattern="\d{12}" placeholder="111122223333" className={FIELD} />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Name (optional)
        <input name="name" maxLength={200} className={FIELD} />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Role to assume
        <input name="roleName" required defaultValue="TrailProofAudit" className={FIELD} />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        ExternalId (blank keeps the current one)
        <input name="externalId" type="password" autoComplete="off" className={FIELD} />
      </label>
      <label className="flex items-center gap-2 self-end text-xs font-medium text-slate-600">
        <input name="removeExternalId" type="checkbox" /> Remove the ExternalId
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Regions (blank: every enabled region)
        <input name="regions" placeholder="eu-west-1, us-east-1" className={FIELD} />
      </label>
      <FormSubmitRow pending={pending} label="Save account" pendingLabel="Saving…" state={state} span="md:col-span-3" />
    </form>
  );
}
