"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { ScanProgress, ValidationProgress } from "@/lib/data/run-progress";

const FINISHED = new Set(["succeeded", "partial", "failed"]);
const POLL_MS = 1000;

export async function fetchProgress<T>(url: string, gone = "this run no longer exists"): Promise<T> {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(response.status === 404 ? gone : `progress unavailable (${response.status})`);
  return (await response.json()) as T;
}

/** Polls until the run finishes, then refreshes the page's server components once so the results appear. */
function useRunProgress<T extends { status: string }>(url: string, initial?: T) {
  const router = useRouter();
  const query = useQuery({
    queryKey: [url],
    queryFn: () => fetchProgress<T>(url),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && FINISHED.has(q.state.data.status) ? false : POLL_MS),
  });
  const status = query.data?.status;
  const seenRunning = useRef(status !== undefined && !FINISHED.has(status));
  useEffect(() => {
    if (!status) return;
    if (!FINISHED.has(status)) seenRunning.current = true;
    else if (seenRunning.current) {
      seenRunning.current = false;
      router.refresh();
    }
  }, [status, router]);
  return query;
}

const STATUS_TEXT: Record<string, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Finished",
  partial: "Finished, but some chains could not be read",
  failed: "Failed",
};

function Bar({ active, label }: { active: boolean; label: string }) {
  // The number of files is not known before the listing ends, so the bar shows activity rather than a percentage;
  // the counts beside it are exact.
  return (
    <div className="h-2 w-full overflow-hidden rounded bg-slate-200" role="progressbar" aria-label={label} aria-busy={active}>
      <div className={`h-full bg-emerald-600 ${active ? "w-1/3 animate-[progress_1.2s_ease-in-out_infinite]" : "w-full"}`} />
    </div>
  );
}

export function ValidationProgressView({ runId, initial }: { runId: string; initial?: ValidationProgress }) {
  const { data, error } = useRunProgress<ValidationProgress>(`/api/validations/${runId}`, initial);
  if (error && !data) return <p className="text-sm text-red-700">Progress unavailable: {error.message}</p>;
  if (!data) return <p className="text-sm text-slate-500">Loading progress…</p>;
  const active = !FINISHED.has(data.status);
  return (
    <div className="space-y-1 rounded-md border border-slate-200 bg-white p-3" data-testid="validation-progress" data-status={data.status}>
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <a href={`/validations/${data.id}`} className="font-medium text-slate-900 underline-offset-2 hover:underline">
          {data.trailName}
        </a>
        <span className={data.status === "failed" ? "text-red-700" : "text-slate-600"}>
          {STATUS_TEXT[data.status] ?? data.status}
          {active && data.phase ? ` · ${data.phase}` : ""}
        </span>
      </div>
      <Bar active={active} label={`Validation of ${data.trailName}`} />
      <p className="text-xs text-slate-600" aria-live="polite">
        {data.digestsDone} digests · {data.logsDone} log files checked · <strong className={data.invalidCount ? "text-red-700" : ""}>{data.invalidCount} invalid</strong> ·{" "}
        <strong className={data.missingCount ? "text-amber-700" : ""}>{data.missingCount} missing</strong>
        {data.unreadableCount ? <> · <strong className="text-violet-800">{data.unreadableCount} unreadable</strong></> : null}
        {!active ? ` · ${data.findingCount} findings` : ""}
      </p>
      {data.error ? <p className="text-xs text-red-700">Why: {data.error}</p> : null}
    </div>
  );
}

export function ScanProgressView({ scanId, initial }: { scanId: string; initial?: ScanProgress }) {
  const { data, error } = useRunProgress<ScanProgress>(`/api/scans/${scanId}`, initial);
  if (error && !data) return <p className="text-sm text-red-700">Progress unavailable: {error.message}</p>;
  if (!data) return null;
  const active = !FINISHED.has(data.status);
  return (
    <div className="w-72 space-y-1" data-testid="scan-progress" data-status={data.status}>
      <Bar active={active} label="Scan" />
      <p className="text-xs text-slate-600" aria-live="polite">
        Scan {STATUS_TEXT[data.status]?.toLowerCase() ?? data.status}: {data.accountsDone} of {data.accountsTotal} accounts
        {data.error ? ` · ${data.error}` : ""}
      </p>
    </div>
  );
}
