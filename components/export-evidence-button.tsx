"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { exportEvidenceAction, type ExportEvidenceState } from "@/app/actions/export-evidence";
import type { EvidenceScope } from "@/lib/services/evidence/scope";
import type { ExportStatus } from "@/lib/jobs/export-job";
import { fetchProgress } from "@/components/run-progress";

const INITIAL: ExportEvidenceState = { status: "idle" };

export interface ExportEvidenceButtonProps {
  scope: EvidenceScope;
  /** The window offered, as whole UTC days (YYYY-MM-DD); the person exporting can change it. */
  defaultFrom: string;
  defaultTo: string;
  /** false for roles without the export permission: a note instead of the form (the action refuses them anyway). */
  mayExport?: boolean;
}

/** "Export evidence" for one scope: pick the window, generate the PDF and bundle, then download them. */
export function ExportEvidenceButton({ mayExport = true, ...form }: ExportEvidenceButtonProps) {
  if (!mayExport) return <p className="text-sm text-slate-600">Exporting evidence is for auditors and administrators.</p>;
  return <ExportEvidenceForm {...form} />;
}

/** Follows a queued export until it is done (then refreshes the page, whose list of exports now has it) or failed. */
function useExportStatus(exportId: string | undefined) {
  const router = useRouter();
  const query = useQuery({
    queryKey: ["evidence-export", exportId],
    queryFn: () => fetchProgress<ExportStatus>(`/api/exports/${exportId}/status`, "this export is unknown"),
    enabled: exportId !== undefined,
    refetchInterval: (q) => (q.state.data && q.state.data.state !== "running" ? false : 1000),
  });
  const done = query.data?.state === "done";
  useEffect(() => {
    if (done) router.refresh();
  }, [done, router]);
  return query;
}

function ExportEvidenceForm({ scope, defaultFrom, defaultTo }: Omit<ExportEvidenceButtonProps, "mayExport">) {
  const [state, action, pending] = useActionState(exportEvidenceAction, INITIAL);
  const exportId = state.status === "queued" ? state.exportId : undefined;
  const progress = useExportStatus(exportId);
  const status = progress.data;
  const running = pending || (exportId !== undefined && !progress.error && (!status || status.state === "running"));
  return (
    <form action={action} className="flex flex-wrap items-end gap-3" aria-label="Export evidence">
      <input type="hidden" name="scopeKind" value={scope.kind} />
      {scope.kind === "account" ? <input type="hidden" name="accountId" value={scope.accountId} /> : null}
      {scope.kind === "trail" ? <input type="hidden" name="trailArn" value={scope.trailArn} /> : null}
      <label className="flex flex-col text-xs font-medium text-slate-600">
        From (UTC)
        <input type="date" name="from" defaultValue={defaultFrom} required className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900" />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        To (UTC, whole day)
        <input type="date" name="to" defaultValue={defaultTo} required className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900" />
      </label>
      <button
        type="submit"
        disabled={running}
        className="rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 disabled:cursor-wait disabled:opacity-60"
      >
        {running ? "Generating…" : "Export evidence"}
      </button>
      <div role="status" aria-live="polite" className="basis-full text-sm">
        {running ? (
          <p className="text-slate-600">
            Generating the PDF report and the evidence bundle; a large report takes a minute. You may leave this page: the export appears on the
            Evidence page when it is ready.{status?.state === "running" && status.attempt > 1 ? ` (Attempt ${status.attempt}.)` : null}
          </p>
        ) : null}
        {!running && state.status === "error" ? <p className="text-red-700">{state.message}</p> : null}
        {!running && progress.error ? <p className="text-red-700">Lost track of the export ({progress.error.message}): see the Evidence page.</p> : null}
        {!running && status?.state === "failed" ? <p className="text-red-700">{status.message}</p> : null}
        {!running && status?.state === "done" && exportId ? (
          <div className="space-y-1">
            <p className="flex flex-wrap gap-4 text-slate-700">
              Export ready ({status.pages} pages):
              <a href={`/api/exports/${exportId}/pdf`} className="font-medium text-emerald-800 underline" download>
                Download PDF
              </a>
              <a href={`/api/exports/${exportId}/bundle`} className="font-medium text-emerald-800 underline" download>
                Download bundle (zip)
              </a>
            </p>
            {status.notices.map((notice) => (
              <p key={notice} className="text-amber-800">
                {notice}
              </p>
            ))}
          </div>
        ) : null}
      </div>
    </form>
  );
}
