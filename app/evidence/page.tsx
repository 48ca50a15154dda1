import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { ExportEvidenceButton } from "@/components/export-evidence-button";
import { getEvidenceExports, type ExportListItem } from "@/lib/services/evidence/exports-view";
import { requireViewer } from "@/lib/auth/view-guard";
import { can } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Evidence" };

const DAY_MS = 86_400_000;
const day = (date: Date) => date.toISOString().slice(0, 10);
const when = (date: Date) => date.toISOString().replace("T", " ").slice(0, 16) + " UTC";

function Hash({ value }: { value: string }) {
  // Whole, never shortened: it is what an auditor compares with sha256sum's output.
  return (
    <code className="block max-w-[12rem] break-all font-mono text-[11px] leading-4 text-slate-700">
      {value}
    </code>
  );
}

function ExportRow({ item, mayDownload }: { item: ExportListItem; mayDownload: boolean }) {
  return (
    <tr className="border-t border-slate-200 align-top">
      <td className="px-3 py-2 whitespace-nowrap">{when(item.createdAt)}</td>
      <td className="px-3 py-2">{item.requestedBy}</td>
      <td className="px-3 py-2 break-all">{item.scope}</td>
      <td className="px-3 py-2 whitespace-nowrap">
        {day(item.windowStart)} → {day(item.windowEnd)}
      </td>
      <td className="px-3 py-2">
        <Hash value={item.pdfSha256} />
      </td>
      <td className="px-3 py-2">
        <Hash value={item.manifestSha256} />
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        {mayDownload ? (
          <>
            <a href={`/api/exports/${item.id}/pdf`} className="text-emerald-800 underline" download>
              PDF
            </a>{" "}
            <span className="text-slate-400">({item.pages} p.)</span> ·{" "}
            <a href={`/api/exports/${item.id}/bundle`} className="text-emerald-800 underline" download>
              bundle
            </a>
          </>
        ) : (
          <span className="text-slate-500">auditors and admins</span>
        )}
      </td>
    </tr>
  );
}

export default async function EvidencePage() {
  const actor = await requireViewer();
  const exports = await getEvidenceExports();
  const now = new Date();
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Evidence</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          A PDF report for auditors and a bundle beside it (the same findings as JSON and CSV, with a SHA-256 manifest whose hash the PDF
          prints). Every export is kept here with who made it and its hashes; VERIFY.txt in each bundle says how to check it.
        </p>
      </div>
      <section aria-labelledby="export-organization" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="export-organization" className="mb-3 text-base font-semibold text-slate-900">
          Export the organization
        </h2>
        <ExportEvidenceButton scope={{ kind: "organization" }} defaultFrom={day(new Date(now.getTime() - 30 * DAY_MS))} defaultTo={day(now)} mayExport={can(actor, "export")} />
      </section>
      <section aria-labelledby="exports-heading">
        <h2 id="exports-heading" className="mb-3 text-base font-semibold text-slate-900">
          Exports
        </h2>
        {exports.length === 0 ? (
          <EmptyState title="No exports yet">
            <p>Export the organization above, or an account or a trail from its page.</p>
          </EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table aria-label="Evidence exports" className="w-full text-left text-sm">
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-3 py-2">When</th>
                  <th className="px-3 py-2">Who</th>
                  <th className="px-3 py-2">Scope</th>
                  <th className="px-3 py-2">Window</th>
                  <th className="px-3 py-2">PDF SHA-256</th>
                  <th className="px-3 py-2">Manifest SHA-256</th>
                  <th className="px-3 py-2">Files</th>
                </tr>
              </thead>
              <tbody>
                {exports.map((item) => (
                  <ExportRow key={item.id} item={item} mayDownload={can(actor, "export")} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
