import type { Database } from "@/lib/db/client";

// When TrailProof audits real AWS, the demo organization of an earlier demo start must not sit beside the real
// accounts: its accounts would be scanned (and fail), counted in scores and heatmaps, and offered for evidence.
// This removes them with everything recorded about them, in one transaction. TrailProof's own records stay: the audit
// trail and stored evidence exports are append-only history (the application's role cannot delete them anyway).

export interface RemovedDemoData {
  accountIds: string[];
  scanRuns: number;
}

export async function removeDemoAccounts(database: Database): Promise<RemovedDemoData> {
  return database.$transaction(async (tx) => {
    const demo = await tx.account.findMany({ where: { isDemo: true }, select: { id: true }, orderBy: { id: "asc" } });
    const accountIds = demo.map((a) => a.id);
    if (accountIds.length === 0) return { accountIds, scanRuns: 0 };
    // Scans that covered demo accounts only: nothing would be left of them but empty shells.
    const demoOnlyScans = await tx.scanRun.findMany({
      where: { accounts: { some: { accountId: { in: accountIds } }, every: { accountId: { in: accountIds } } } },
      select: { id: true },
    });
    await tx.scanRun.deleteMany({ where: { id: { in: demoOnlyScans.map((s) => s.id) } } });
    // Not tied to the account by a foreign key: removed by account id.
    await tx.scanIssue.deleteMany({ where: { accountId: { in: accountIds } } });
    await tx.integrityDay.deleteMany({ where: { accountId: { in: accountIds } } });
    // Trails, scan results, validation runs, verdicts and findings go with their account (ON DELETE CASCADE).
    await tx.account.deleteMany({ where: { id: { in: accountIds } } });
    return { accountIds, scanRuns: demoOnlyScans.length };
  });
}
