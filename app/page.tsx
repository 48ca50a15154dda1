import { AccountsTable } from "@/components/accounts-table";
import { EmptyState } from "@/components/empty-state";
import { getAccountSummaries } from "@/lib/data/overview";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const accounts = await getAccountSummaries();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Accounts overview</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every account of the organization, scored against the CloudTrail checklist.
        </p>
      </div>
      {accounts.length === 0 ? (
        <EmptyState title="No accounts yet">
          <p>
            TrailProof lists each account it audits here, with its latest score against the CloudTrail checklist.
          </p>
          <p>
            Accounts are added when TrailProof reads your AWS organization or the list of accounts you configure
            (see “Accounts” in the README).
          </p>
        </EmptyState>
      ) : (
        <AccountsTable accounts={accounts} />
      )}
    </div>
  );
}
