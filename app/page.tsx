import { AccountsTable } from "@/components/accounts-table";
import { EmptyState } from "@/components/empty-state";
import { ScanNowButton } from "@/components/scan-now-button";
import { getAccountSummaries } from "@/lib/data/overview";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const accounts = await getAccountSummaries();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Accounts overview</h1>
          <p className="mt-1 text-sm text-slate-600">
            Every account of the organization, scored against the CloudTrail checklist.
          </p>
        </div>
        {accounts.length > 0 ? <ScanNowButton /> : null}
      </div>
      {accounts.length === 0 ? (
        <EmptyState title="No accounts yet">
          <p>
            TrailProof lists each account it audits here, with its latest score against the CloudTrail checklist.
          </p>
          <p>
            Add them by scanning your organization from the command line:{" "}
            <code className="rounded bg-slate-100 px-1">npx trailproof scan --organization</code> (see “Scanning” in
            the README).
          </p>
        </EmptyState>
      ) : (
        <AccountsTable accounts={accounts} />
      )}
    </div>
  );
}
