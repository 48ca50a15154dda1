"use client";

import { useActionState } from "react";
import { scanNow, type ScanActionState } from "@/app/actions/scan";
import { ScanProgressView } from "@/components/run-progress";

const INITIAL: ScanActionState = { status: "idle", message: "" };

/** "Scan now": queues a scan (or joins the one queued or running) and follows it; `activeScanId` survives reloads. */
export function ScanNowButton({ activeScanId }: { activeScanId?: string }) {
  const [state, action, pending] = useActionState(scanNow, INITIAL);
  const following = state.scanId ?? activeScanId;
  return (
    <form action={action} className="flex flex-wrap items-center gap-3" aria-label="Scan">
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-wait disabled:opacity-60"
      >
        {pending ? "Queuing…" : "Scan now"}
      </button>
      <p role="status" aria-live="polite" className={`text-sm ${state.status === "error" ? "text-red-700" : "text-slate-600"}`}>
        {state.message}
      </p>
      {following ? <ScanProgressView key={following} scanId={following} /> : null}
    </form>
  );
}
