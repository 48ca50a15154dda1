import { EmptyState } from "@/components/empty-state";
import { utc } from "@/components/format";
import { getAuditTrail } from "@/lib/data/audit-trail";
import { TableHead } from "@/components/table-head";
import { requireViewer } from "@/lib/auth/view-guard";

export const dynamic = "force-dynamic";

export const metadata = { title: "Audit trail" };

/** A heatmap selection's target names up to 1,500 ids: the page shows the start, the evidence bundle keeps them all. */
function shorten(target: string): string {
  const ids = target.split(",");
  return ids.length <= 6 ? target : `${ids.slice(0, 6).join(",")} … and ${ids.length - 6} more`;
}

export default async function AuditPage() {
  await requireViewer();
  const trail = await getAuditTrail(30);
  if (!trail.allowed) {
    return (
      <EmptyState title="The audit trail is for administrators and auditors">
        <p>Your role does not include reading it. Ask an administrator if you need it.</p>
      </EmptyState>
    );
  }
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Audit trail</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every scan and validation request, evidence export and download, with who, when, from where and how it ended (the last 30 days,
          newest first). Append-only: the database refuses changes to it.
        </p>
      </div>
      {trail.events.length === 0 ? (
        <EmptyState title="Nothing recorded yet">
          <p>Requests appear here as soon as someone scans, validates or exports.</p>
        </EmptyState>
      ) : (
        <table className="w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="Audit events">
          <TableHead columns={["When", "Who", "What", "Outcome", "From"]} />
          <tbody>
            {trail.events.map((e) => (
              <tr key={String(e.id)} className="border-t border-slate-100 align-top">
                <td className="whitespace-nowrap px-3 py-2">{utc(e.at)}</td>
                <td className="px-3 py-2">
                  {e.actorName} <span className="text-xs text-slate-500">({e.roles.join(", ") || "no role"})</span>
                </td>
                <td className="px-3 py-2">
                  <code className="text-xs">{e.action}</code>
                  {e.target ? <div className="max-w-md break-all font-mono text-xs text-slate-600">{shorten(e.target)}</div> : null}
                </td>
                <td className={`px-3 py-2 ${e.outcome === "failed" || e.outcome === "refused" ? "font-semibold text-orange-800" : ""}`}>
                  {e.outcome}
                  <div className="max-w-sm break-all font-mono text-[11px] font-normal text-slate-500">{JSON.stringify(e.detail)}</div>
                </td>
                <td className="px-3 py-2 text-xs">{e.sourceIp ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
