import type { Database } from "@/lib/db/client";
import type { RunKind } from "@/lib/core/alerts/problem";
import { raiseAlertsAfterScan } from "@/lib/services/alerts/after-scan";
import { raiseAlertsAfterValidation } from "@/lib/services/alerts/after-validation";
import type { AlertsOutcome } from "@/lib/services/alerts/raise-alerts";

/** What raises the alerts of a finished run of each kind: the same after a worker's job and after a command's run. */
export const RAISE_ALERTS_AFTER: Readonly<Record<RunKind, (database: Database, runId: string) => Promise<AlertsOutcome>>> = {
  scan: raiseAlertsAfterScan,
  validation: raiseAlertsAfterValidation,
};
