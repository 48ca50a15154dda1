import type { Database } from "@/lib/db/client";
import type { RunKind, Sighting } from "@/lib/core/alerts/problem";
import { reconcileAlerts } from "@/lib/core/alerts/reconcile";
import { alertsById, applyAlertChanges, knownAlerts } from "@/lib/db/alerts-repository";
import type { AlertNotice } from "@/lib/services/alerts/alert-notice";
import { toNotice } from "@/lib/services/alerts/notices";

// The common end of both sources: compare what a run found with the alerts known, store the changes, and hand back
// what the run newly opened (or reopened), for notifications.

export interface AlertsOutcome {
  opened: AlertNotice[];
  touched: number;
  resolved: number;
}

export async function raiseFromSighting(
  database: Database,
  run: { runKind: RunKind; runId: string; at: Date },
  reach: { trailArn?: string; accountIds?: string[] },
  sighting: Sighting,
): Promise<AlertsOutcome> {
  const known = await knownAlerts(database, { runKind: run.runKind, keys: sighting.problems.map((p) => p.key), ...reach });
  const changes = reconcileAlerts(known, sighting);
  const openedIds = await applyAlertChanges(database, changes, run);
  const opened = openedIds.length > 0 ? await alertsById(database, openedIds) : [];
  return { opened: opened.map(toNotice), touched: changes.touch.length, resolved: changes.resolve.length };
}
