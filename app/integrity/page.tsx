import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { IntegrityHeatmap } from "@/components/integrity-heatmap";
import { compactIntegrityRows } from "@/lib/data/heatmap-rows";
import { Pager } from "@/components/pager";
import { StatusLegend } from "@/components/status-legend";
import { INTEGRITY_STATUS_STYLE } from "@/components/status-style";
import { parseHeatmapFilters } from "@/lib/data/heatmap-filters";
import { getIntegrityHeatmap, INTEGRITY_WINDOWS } from "@/lib/data/integrity-heatmap";
import { requireViewer } from "@/lib/auth/view-guard";

export const dynamic = "force-dynamic";

export const metadata = { title: "Integrity" };

export default async function IntegrityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireViewer();
  const params = await searchParams;
  const requested = Number(Array.isArray(params.days) ? params.days[0] : params.days);
  const days = (INTEGRITY_WINDOWS as readonly number[]).includes(requested) ? requested : 14;
  const filters = parseHeatmapFilters(params);
  const heatmap = await getIntegrityHeatmap(days, filters);
  const validated = heatmap.accounts.some((a) => Object.keys(a.days).length > 0);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Log file integrity</h1>
        <p className="mt-1 text-sm text-slate-600">
          Accounts by day: what the latest validation found for each day&apos;s digests and log files. Select a cell for that day by region and hour.
        </p>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Window and filters">
        <label className="flex flex-col gap-1 text-slate-700">
          Window
          <select name="days" defaultValue={String(days)} className="rounded border border-slate-300 bg-white px-2 py-1">
            {INTEGRITY_WINDOWS.map((d) => (
              <option key={d} value={d}>
                last {d} days
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-slate-700">
          Search
          <input name="q" type="search" defaultValue={filters.q ?? ""} placeholder="account id or name" className="rounded border border-slate-300 bg-white px-2 py-1" />
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-100">
          Apply
        </button>
      </form>
      <StatusLegend styles={INTEGRITY_STATUS_STYLE} title="Integrity statuses" />
      {heatmap.accounts.length === 0 ? (
        <EmptyState title="No accounts yet">
          <p>Scan your organization first (overview, “Scan now”), then validate its trails.</p>
        </EmptyState>
      ) : (
        <>
          {!validated ? (
            <p className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
              Nothing validated in this window yet. Open a trail from an <Link href="/" className="underline">account</Link> and press “Validate now”.
            </p>
          ) : null}
          <IntegrityHeatmap accounts={compactIntegrityRows(heatmap.accounts, heatmap.days)} days={heatmap.days} />
          <Pager params={params} page={filters.page ?? 0} pages={Math.ceil(heatmap.matchingAccounts / heatmap.pageSize)} />
        </>
      )}
    </div>
  );
}
