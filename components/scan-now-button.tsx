"use client";

import { useActionState } from "react";
import { scanNow, type ScanActionState } from "@/app/actions/scan";

const INITIAL: ScanActionState = { status: "idle", message: "" };

export function ScanNowButton() {
  const [state, action, pending] = useActionState(scanNow, INITIAL);
  return (
    <form action={action} className="flex items-center gap-3">
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 disabled:cursor-wait disabled:opacity-60"
      >
        {pending ? "Scanning…" : "Scan now"}
      </button>
      <p role="status" aria-live="polite" className={`text-sm ${state.status === "error" ? "text-red-700" : "text-slate-600"}`}>
        {pending ? "Reading every trail of every account…" : state.message}
      </p>
    </form>
  );
}
