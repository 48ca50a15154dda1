import "server-only";
import { db } from "@/lib/db/client";
import { listAccountsForOverview } from "@/lib/db/accounts-repository";

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
}

export async function getAccountSummaries(): Promise<AccountSummary[]> {
  const rows = await listAccountsForOverview(db());
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
    };
  });
}
