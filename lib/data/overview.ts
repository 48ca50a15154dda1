import "server-only";
import { db } from "@/lib/db/client";
import { checkById } from "@/lib/core/checks/registry";
import { listAccountsForOverview, listProblemChecks } from "@/lib/db/accounts-repository";

// The data-access layer the pages read through: server-only, returns plain view models.

export interface AccountSummary {
  id: string;
  name: string;
  ouPath: string | null;
  source: "organization" | "configured";
  isDemo: boolean;
  score: number | null;
  lastScannedAt: Date | null;
  lastScanError: string | null;
  /** Checks that failed on at least one trail of the account in its latest scan, most severe first. */
  failing: { id: string; title: string }[];
  /** Checks whose evidence could not be read there. */
  unreadable: { id: string; title: string }[];
}

const SEVERITY_ORDER = ["critical", "high", "medium", "low", "informational"];

function named(ids: string[]): { id: string; title: string }[] {
  const rank = (id: string) => SEVERITY_ORDER.indexOf(checkById(id)?.severity ?? "informational");
  return [...ids].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((id) => ({ id, title: checkById(id)?.title ?? id }));
}

export async function getAccountSummaries(): Promise<AccountSummary[]> {
  const rows = await listAccountsForOverview(db());
  const pairs = rows.flatMap((row) => (row.scanAccounts[0] ? [{ scanId: row.scanAccounts[0].scan.id, accountId: row.id }] : []));
  const problems = await listProblemChecks(db(), pairs);
  const problemIds = (accountId: string, status: "fail" | "error") =>
    problems.filter((p) => p.accountId === accountId && p.status === status).map((p) => p.checkId);
  return rows.map((row) => {
    const latest = row.scanAccounts[0];
    return {
      id: row.id,
      name: row.name,
      ouPath: row.ouPath,
      source: row.source,
      isDemo: row.isDemo,
      score: latest?.score ?? null,
      lastScannedAt: latest?.scan.createdAt ?? null,
      lastScanError: latest?.error ?? null,
      failing: named(problemIds(row.id, "fail")),
      unreadable: named(problemIds(row.id, "error")),
    };
  });
}
