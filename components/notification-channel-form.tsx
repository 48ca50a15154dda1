"use client";

import { useActionState, useState } from "react";
import { FormSubmitRow } from "@/components/form-submit-row";
import { addNotificationChannel, type NotificationActionState } from "@/app/actions/notification-settings";

const INITIAL: NotificationActionState = { status: "idle", message: "" };
const FIELD = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";
const LABEL = "flex flex-col text-xs font-medium text-slate-600";

/** Adds an e-mail or webhook channel. Passwords and secrets are sent once and never shown again. */
export function NotificationChannelForm() {
  const [state, action, pending] = useActionState(addNotificationChannel, INITIAL);
  const [kind, setKind] = useState<"email" | "webhook">("email");
  return (
    <form action={action} aria-label="Add a notification channel" className="grid gap-3 md:grid-cols-3">
      <fieldset className="flex items-center gap-4 text-sm md:col-span-3">
        <legend className="sr-only">Kind</legend>
        {(["email", "webhook"] as const).map((k) => (
          <label key={k} className="flex items-center gap-1">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {k === "email" ? "E-mail (SMTP)" : "Webhook"}
          </label>
        ))}
      </fieldset>
      {kind === "email" ? (
        <>
          <label className={LABEL}>
            SMTP server URL
            <input name="smtpUrl" type="password" autoComplete="off" required placeholder="smtp://user:password@mail.example.com:587" className={FIELD} />
          </label>
          <label className={LABEL}>
            To (comma-separated)
            <input name="to" required placeholder="secops@example.com" className={FIELD} />
          </label>
          <label className={LABEL}>
            From (optional)
            <input name="from" placeholder="TrailProof <trailproof@example.com>" className={FIELD} />
          </label>
        </>
      ) : (
        <>
          <label className={LABEL}>
            URL
            <input name="url" type="url" required placeholder="https://hooks.example.com/trailproof" className={FIELD} />
          </label>
          <label className={LABEL}>
            Signing secret (16 characters or more)
            <input name="secret" type="password" autoComplete="off" required minLength={16} className={FIELD} />
          </label>
          <label className={LABEL}>
            Format
            <select name="format" defaultValue="generic" className={FIELD}>
              <option value="generic">Generic JSON</option>
              <option value="slack">Slack-compatible</option>
            </select>
          </label>
        </>
      )}
      <FormSubmitRow pending={pending} label="Add channel" pendingLabel="Adding…" state={state} span="md:col-span-3" />
    </form>
  );
}
