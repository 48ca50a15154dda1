import { AlertFiltersForm } from "@/components/alert-filters";
import { AlertsTable } from "@/components/alerts-table";
import { EmptyState } from "@/components/empty-state";
import { can } from "@/lib/auth/roles";
import { requireViewer } from "@/lib/auth/view-guard";
import { ALERTS_SHOWN, getAlertsPage, parseAlertFilters } from "@/lib/data/alerts";

export const dynamic = "force-dynamic";

export const metadata = { title: "Alerts" };

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireViewer();
  const filters = parseAlertFilters(await searchParams);
  const { alerts, facets } = await getAlertsPage(filters);
  const filtered = Object.values(filters).some((value) => value !== undefined);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Alerts</h1>
        <p className="mt-1 text-sm text-slate-600">
          One alert per problem that scans and validations find: an INVALID, missing or unreadable file, tampering with the digest chain, a digest
          overdue, a trail not logging or without log file validation, a check gone from pass to fail, an account without a trail or whose role
          cannot be assumed. A later run that looks again and no longer finds the problem resolves its alert. Worst first.
        </p>
      </div>
      <AlertFiltersForm filters={filters} kinds={facets.kinds} accountIds={facets.accountIds} />
      {alerts.length === 0 ? (
        <EmptyState title={filtered ? "No alert matches these filters" : "No alert yet"}>
          <p>Alerts are raised after every scan and validation; none has found a problem yet.</p>
        </EmptyState>
      ) : (
        <>
          <AlertsTable alerts={alerts} canAcknowledge={can(actor, "acknowledge")} caption="Alerts, worst first" />
          {alerts.length === ALERTS_SHOWN ? <p className="text-xs text-slate-600">The first {ALERTS_SHOWN} are shown: narrow the filters to see others.</p> : null}
        </>
      )}
    </div>
  );
}
