"use client";

import { useActionState } from "react";
import { FormSubmitRow } from "@/components/form-submit-row";
import { saveScheduleSettings, type ScheduleSettingsState } from "@/app/actions/schedule-settings";

const INITIAL: ScheduleSettingsState = { status: "idle", message: "" };
const FIELD = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";

/** Changes the schedule, or one account's or trail's override; blank fields keep what is set. */
export function ScheduleSettingsForm() {
  const [state, action, pending] = useActionState(saveScheduleSettings, INITIAL);
  return (
    <form action={action} aria-label="Schedule" className="grid gap-3 md:grid-cols-4">
      <label className="flex flex-col text-xs font-medium text-slate-600 md:col-span-2">
        For (blank: the whole organization; or an account id, or a trail ARN)
        <input name="target" placeholder="111122223333 or arn:aws:cloudtrail:…:trail/NAME" className={FIELD} />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Validate every
        <input name="validateEvery" placeholder="1h" className={FIELD} />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Over the last (hours)
        <input name="windowHours" inputMode="numeric" placeholder="25" className={FIELD} />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Scan every (organization)
        <input name="scanEvery" placeholder="24h" className={FIELD} />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Monthly evidence export (organization)
        <select name="exportMonthly" defaultValue="" className={FIELD}>
          <option value="">unchanged</option>
          <option value="on">on</option>
          <option value="off">off</option>
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Pause or resume
        <select name="state" defaultValue="" className={FIELD}>
          <option value="">unchanged</option>
          <option value="pause">pause</option>
          <option value="resume">resume</option>
        </select>
      </label>
      <label className="flex items-center gap-2 self-end text-xs font-medium text-slate-600">
        <input name="useDefaults" type="checkbox" /> Back to the organization&apos;s interval and window
      </label>
      <FormSubmitRow pending={pending} label="Save schedule" pendingLabel="Saving…" state={state} span="md:col-span-4" />
    </form>
  );
}
