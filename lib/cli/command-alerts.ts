import type { RunKind } from "@/lib/core/alerts/problem";
import type { Database } from "@/lib/db/client";
import { startBoss } from "@/lib/jobs/queues";
import { queueAlertNotices } from "@/lib/jobs/notify-job";
import { RAISE_ALERTS_AFTER } from "@/lib/services/alerts/after-run";

// A scan or validation run from the command line (a cron job, a CI step) raises and resolves alerts exactly as one the
// worker carries out: otherwise tampering found by `trailproof validate` at 3 a.m. would reach nobody. What it newly
// opened is queued for every enabled notification channel; a worker (npm start, trailproof worker) delivers it.

export interface CommandAlerts {
  /** The line the command prints. */
  message: string;
  /** The alerts could not be raised (printed on standard error). */
  failed: boolean;
}

/**
 * Raises the run's alerts and queues their notices. Never throws: the run is stored whatever happens here, and the next
 * run raises what this one could not.
 */
export async function raiseCommandAlerts(databaseUrl: string, kind: RunKind, runId: string, database?: Database): Promise<CommandAlerts> {
  // `validate` works in plain SQL and never loads Prisma for its run; the alerts' repositories need it.
  const prisma = database ?? (await import("@/lib/db/client")).createPrismaClient(databaseUrl);
  try {
    const { opened, resolved } = await RAISE_ALERTS_AFTER[kind](prisma, runId);
    let queued = 0;
    if (opened.length > 0) {
      const boss = await startBoss(databaseUrl, { role: "sender" });
      try {
        queued = (await queueAlertNotices(boss, opened, prisma)).length;
      } finally {
        await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
      }
    }
    const notices = queued > 0 ? `; ${queued} notification(s) queued, sent by a running worker` : "";
    return { message: `alerts: ${opened.length} opened, ${resolved} resolved${notices} (npx trailproof alerts lists them)`, failed: false };
  } catch (error) {
    return { message: `alerts: not raised (${error instanceof Error ? error.message : String(error)}); the next run raises them`, failed: true };
  } finally {
    if (!database) await prisma.$disconnect();
  }
}

/** Prints the outcome: on standard error when it failed or when standard output must stay one document (--json). */
export function printCommandAlerts(alerts: CommandAlerts, options: { json?: boolean } = {}): void {
  (alerts.failed || options.json ? console.error : console.log)(alerts.message);
}
