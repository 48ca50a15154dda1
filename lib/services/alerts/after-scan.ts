import type { Database } from "@/lib/db/client";
import { checkById } from "@/lib/core/checks/registry";
import { scanSighting } from "@/lib/core/alerts/scan-problems";
import { knownAlerts } from "@/lib/db/alerts-repository";
import { scannedAccounts, scannedResults } from "@/lib/db/alert-sources-repository";
import { raiseFromSighting, type AlertsOutcome } from "@/lib/services/alerts/raise-alerts";

// After a scan: trails not logging or with validation off, checks gone from pass to fail, accounts without a trail or
// whose role cannot be assumed become alerts; what the scan judged again and found sound resolves theirs.

export async function raiseAlertsAfterScan(database: Database, scanId: string, now = new Date()): Promise<AlertsOutcome> {
  const scan = await database.scanRun.findUnique({ where: { id: scanId }, select: { status: true, finishedAt: true } });
  if (!scan || scan.status === "queued" || scan.status === "running") return { opened: [], touched: 0, resolved: 0 };
  const [accounts, results] = await Promise.all([scannedAccounts(database, scanId), scannedResults(database, scanId)]);
  const accountIds = accounts.map((a) => a.accountId);
  const active = await knownAlerts(database, { runKind: "scan", keys: [], accountIds });
  const sighting = scanSighting({
    accounts,
    results: results.map((r) => ({ ...r, checkTitle: checkById(r.checkId)?.title ?? r.checkId })),
    activeKeys: new Set(active.filter((a) => a.state !== "resolved").map((a) => a.key)),
  });
  return raiseFromSighting(database, { runKind: "scan", runId: scanId, at: scan.finishedAt ?? now }, { accountIds }, sighting);
}
