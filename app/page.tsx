import Link from "next/link";
import { ChecklistHeatmap } from "@/components/checklist-heatmap";
import { heatmapCode } from "@/lib/data/heatmap-rows";
import { EmptyState } from "@/components/empty-state";
import { HeatmapFiltersForm } from "@/components/heatmap-filters";
import { ScanNowButton } from "@/components/scan-now-button";
import { ScanProgressView } from "@/components/run-progress";
import { StatusLegend } from "@/components/status-legend";
import { CHECK_STATUS_STYLE } from "@/components/status-style";
import { ValidateNowButton } from "@/components/validate-now-button";
import { CHECKS } from "@/lib/core/checks/registry";
import { getChecklistHeatmap, type HeatmapFilters } from "@/lib/data/checklist-heatmap";
import { parseHeatmapFilters } from "@/lib/data/heatmap-filters";
import { HEATMAP_PAGE_SIZE } from "@/lib/db/heatmaps-repository";
import { Pager } from "@/components/pager";
import { requireViewer } from "@/lib/auth/view-guard";
import { can } from "@/lib/auth/roles";
import { TrendsSection } from "@/components/trends-section";
import { WeekChangesPanel } from "@/components/week-changes-panel";
import { getTrends, parseTrendRange } from "@/lib/data/trends";
import { getWeekChanges } from "@/lib/data/week-changes";

export const dynamic = "force-dynamic";

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireViewer();
  const params = await searchParams;
  const filters: HeatmapFilters = parseHeatmapFilters(params);
  const trendRange = parseTrendRange(params.trend);
  const [heatmap, trends, weekChanges] = await Promise.all([getChecklistHeatmap(filters), getTrends(trendRange), getWeekChanges()]);
  const scanActive = heatmap.latestScan && (heatmap.latestScan.status === "queued" || heatmap.latestScan.status === "running");
  const filtered = heatmap.matchingAccounts !== heatmap.totalAccounts;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Accounts overview</h1>
          <p className="mt-1 text-sm text-slate-600">
            Every account of the organization against the CloudTrail checklist: each cell is the worst status over the trails the account sees.
            Integrity of the log files: <Link href="/integrity" className="underline">integrity heatmap</Link>.
          </p>
        </div>
        {heatmap.totalAccounts > 0 && can(actor, "scan") ? <ScanNowButton activeScanId={scanActive ? heatmap.latestScan!.id : undefined} /> : null}
        {heatmap.totalAccounts > 0 && !can(actor, "scan") && scanActive ? <ScanProgressView scanId={heatmap.latestScan!.id} /> : null}
      </div>
      {heatmap.totalAccounts === 0 ? (
        <EmptyState title="No accounts yet">
          <p>TrailProof lists each account it audits here, with its latest score against the CloudTrail checklist.</p>
          <p>
            Add them by scanning your organization from the command line:{" "}
            <code className="rounded bg-slate-100 px-1">npx trailproof scan --organization</code> (see docs/scanning.md).
          </p>
        </EmptyState>
      ) : (
        <>
          <HeatmapFiltersForm filters={filters} organizationalUnits={heatmap.organizationalUnits} regions={heatmap.regions} />
          <div className="flex flex-wrap items-center justify-between gap-3">
            <StatusLegend styles={CHECK_STATUS_STYLE} title="Check statuses" />
            <p className="text-sm text-slate-600">
              {heatmap.matchingAccounts} of {heatmap.totalAccounts} accounts{heatmap.latestScan ? ` · last scan ${heatmap.latestScan.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""} ·{" "}
              <Link href="/scans" className="underline">scan history</Link>
            </p>
          </div>
          {heatmap.accounts.length === 0 ? (
            <EmptyState title="No account matches these filters">
              <p>
                <Link href="/" className="underline">Clear the filters</Link> to see every account.
              </p>
            </EmptyState>
          ) : (
            <>
              <ChecklistHeatmap
                accounts={heatmap.accounts.map((a) => ({
                  id: a.id,
                  name: a.name,
                  ouPath: a.ouPath,
                  score: a.score,
                  scoreWithExceptions: a.scoreWithExceptions,
                  scanError: a.scanError,
                  codes: CHECKS.map((c) => heatmapCode(a.cells[c.id])).join(""),
                  excepted: a.excepted,
                }))}
                columns={CHECKS.map((c) => ({ id: c.id, label: c.label, title: c.title, severity: c.severity }))}
              />
              <Pager params={params} page={filters.page ?? 0} pages={Math.ceil(heatmap.matchingAccounts / HEATMAP_PAGE_SIZE)} />
            </>
          )}
          {filtered && heatmap.accounts.length > 0 && can(actor, "validate") ? (
            <section aria-labelledby="validate-selection" className="space-y-2">
              <h2 id="validate-selection" className="text-lg font-semibold">
                Validate this selection
              </h2>
              <p className="text-sm text-slate-600">Validates the log files of every trail owned by the {heatmap.accounts.length} accounts shown.</p>
              <ValidateNowButton target={{ accountIds: heatmap.accounts.map((a) => a.id) }} label={`Validate ${heatmap.accounts.length} accounts`} />
            </section>
          ) : null}
          <WeekChangesPanel changes={weekChanges} />
          <TrendsSection subject="Organization" points={trends} range={trendRange} params={params} organization />
        </>
      )}
    </div>
  );
}
