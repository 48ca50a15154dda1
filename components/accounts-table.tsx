import type { AccountSummary } from "@/lib/data/overview";

function formatScore(score: number | null): string {
  return score === null ? "not scanned" : `${Math.round(score)} / 100`;
}

export function AccountsTable({ accounts }: { accounts: AccountSummary[] }) {
  return (
    <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
      <caption className="sr-only">Accounts and their latest compliance score</caption>
      <thead className="bg-slate-100 text-left text-slate-600">
        <tr>
          <th scope="col" className="px-4 py-2 font-medium">Account</th>
          <th scope="col" className="px-4 py-2 font-medium">Organizational unit</th>
          <th scope="col" className="px-4 py-2 font-medium">Score</th>
          <th scope="col" className="px-4 py-2 font-medium">Failing checks</th>
          <th scope="col" className="px-4 py-2 font-medium">Last scanned</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((account) => (
          <tr key={account.id} className="border-t border-slate-100">
            <th scope="row" className="px-4 py-2 text-left font-normal">
              <div className="whitespace-nowrap font-medium text-slate-900">{account.name}</div>
              <div className="font-mono text-xs text-slate-500">{account.id}</div>
            </th>
            <td className="px-4 py-2 text-slate-600">{account.ouPath ?? "—"}</td>
            <td className="whitespace-nowrap px-4 py-2">{formatScore(account.score)}</td>
            <td className="px-4 py-2">
              {account.failing.length === 0 && account.unreadable.length === 0 ? (
                <span className="text-slate-500">{account.lastScannedAt ? "none" : "—"}</span>
              ) : (
                <ul className="flex flex-wrap gap-1">
                  {account.failing.map((check) => (
                    <li key={check.id} className="rounded bg-red-50 px-1.5 py-0.5 font-mono text-xs text-red-800 ring-1 ring-red-200" title={`Fails: ${check.title}`}>
                      <span aria-hidden>✕ </span>
                      <span className="sr-only">fails: </span>
                      {check.id}
                    </li>
                  ))}
                  {account.unreadable.map((check) => (
                    <li key={check.id} className="rounded bg-amber-50 px-1.5 py-0.5 font-mono text-xs text-amber-900 ring-1 ring-amber-200" title={`Could not be read: ${check.title}`}>
                      <span aria-hidden>? </span>
                      <span className="sr-only">could not be read: </span>
                      {check.id}
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td className="px-4 py-2 text-slate-600">
              {account.lastScannedAt ? account.lastScannedAt.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "never"}
              {account.lastScanError ? <div className="text-xs text-red-700">{account.lastScanError}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
