"use client";

import { useActionState } from "react";
import { changeNotificationChannel, type NotificationActionState } from "@/app/actions/notification-settings";

const INITIAL: NotificationActionState = { status: "idle", message: "" };
const BUTTON = "rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-50 disabled:opacity-60";

/** One channel's buttons: Send test (its result shown beside them), enable or disable, remove. */
export function NotificationChannelControls({ id, enabled }: { id: string; enabled: boolean }) {
  const [state, action, pending] = useActionState(changeNotificationChannel, INITIAL);
  return (
    <form action={action} aria-label="Channel actions" className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <button type="submit" name="operation" value="test" disabled={pending} className={BUTTON}>
        {pending ? "Working…" : "Send test"}
      </button>
      <button type="submit" name="operation" value={enabled ? "disable" : "enable"} disabled={pending} className={BUTTON}>
        {enabled ? "Disable" : "Enable"}
      </button>
      <button type="submit" name="operation" value="remove" disabled={pending} className={`${BUTTON} text-red-700`}>
        Remove
      </button>
      <p role="status" aria-live="polite" className={`basis-full text-xs ${state.status === "error" ? "text-red-700" : "text-slate-600"}`}>
        {state.message}
      </p>
    </form>
  );
}
