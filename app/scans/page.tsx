import Link from "next/link";
import { utc } from "@/components/format";
import { getScanHistory } from "@/lib/data/scan-history";
import { TableHead } from "@/components/table-head";
import { requireViewer } from "@/lib/auth/view-guard";

export const dynamic = "force-dynamic";

export const metadata = { title: "Scan history" };

export default async function ScansPage({ searchParams }: { searchParams: Promise<{ before?: string; after?: string }> }) {
  await requireViewer();
  const { before, after } = await searchParams;
  const { runs, beforeId, afterId, changes } = await getScanHistory(before, after);
  const label = (id?: string) => utc(runs.find((r) => r.id === id)?.createdAt);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Scan history</h1>
      <section aria-labelledby="changes" className="space-y-3">
        <h2 id="changes" className="text-lg font-semibold">What changed</h2>
        {!beforeId || !afterId ? (
          <p className="text-sm text-slate-600">Two finished scans are needed to compare. Run “Scan now” from the overview.</p>
        ) : (
          <>
            <p className="text-sm text-slate-600">
              From the scan of {label(beforeId)} to the scan of {label(afterId)}: {changes.length === 0 ? "no check changed status." : `${changes.length} check results changed.`}
            </p>
            {changes.length > 0 ? (
              <table className="w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="Changed check results">
                <TableHead columns={["Account", "Trail", "Check", "Before → after"]} />
                <tbody>
                  {changes.map((c) => (
                    <tr key={`${c.accountId}-${c.trailName}-${c.checkId}`} className="border-t border-slate-100">
                      <td className="px-3 py-2"><Link href={`/accounts/${c.accountId}`} className="underline">{c.accountName}</Link></td>
                      <td className="px-3 py-2">{c.trailName ?? "—"}</td>
                      <td className="px-3 py-2 font-mono text-xs">{c.checkId}</td>
                      <td className="px-3 py-2">{c.before ?? "absent"} → <strong>{c.after ?? "absent"}</strong></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </>
        )}
      </section>
      <section aria-labelledby="runs" className="space-y-3">
        <h2 id="runs" className="text-lg font-semibold">Scans</h2>
        <form method="get" className="space-y-2">
          <table className="w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="Scans">
            <TableHead columns={["Compare from / to", "Started", "Status", "Accounts / trails", "Pass / fail / error"]} />
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} className="border-t border-slate-100">
                  <td className="px-3 py-2">
                    <input type="radio" name="before" value={run.id} defaultChecked={run.id === beforeId} aria-label={`compare from ${utc(run.createdAt)}`} />{" "}
                    <input type="radio" name="after" value={run.id} defaultChecked={run.id === afterId} aria-label={`compare to ${utc(run.createdAt)}`} />
                  </td>
                  <td className="px-3 py-2">{utc(run.createdAt)} <span className="text-xs text-slate-500">{run.trigger}</span></td>
                  <td className="px-3 py-2">{run.status}{run.error ? <span className="text-xs text-red-700"> · {run.error}</span> : null}</td>
                  <td className="px-3 py-2 tabular-nums">{run.accountsTotal} / {run.trailsTotal}</td>
                  <td className="px-3 py-2 tabular-nums">{run.passCount} / {run.failCount} / {run.errorCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {runs.length > 1 ? (
            <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-100">
              Compare
            </button>
          ) : null}
        </form>
      </section>
    </div>
  );
}
