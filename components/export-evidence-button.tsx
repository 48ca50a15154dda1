"use client";

import { useActionState } from "react";
import { exportEvidenceAction, type ExportEvidenceState } from "@/app/actions/export-evidence";
import type { EvidenceScope } from "@/lib/services/evidence/scope";

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

function ExportEvidenceForm({ scope, defaultFrom, defaultTo }: Omit<ExportEvidenceButtonProps, "mayExport">) {
  const [state, action, pending] = useActionState(exportEvidenceAction, INITIAL);
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
        disabled={pending}
        className="rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 disabled:cursor-wait disabled:opacity-60"
      >
        {pending ? "Generating…" : "Export evidence"}
      </button>
      <div role="status" aria-live="polite" className="basis-full text-sm">
        {pending ? <p className="text-slate-600">Generating the PDF report and the evidence bundle; a large report takes a minute.</p> : null}
        {!pending && state.status === "error" ? <p className="text-red-700">{state.message}</p> : null}
        {!pending && state.status === "done" ? (
          <div className="space-y-1">
            <p className="flex flex-wrap gap-4 text-slate-700">
              Export ready:
              <a href={`/api/exports/${state.exportId}/pdf`} className="font-medium text-emerald-800 underline" download>
                Download PDF
              </a>
              <a href={`/api/exports/${state.exportId}/bundle`} className="font-medium text-emerald-800 underline" download>
                Download bundle (zip)
              </a>
            </p>
            {state.notices.map((notice) => (
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
