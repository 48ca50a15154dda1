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
 * A Prisma client made in the background while a validation works. `validate` runs in plain SQL and never loads Prisma
 * for its run, which mostly waits on S3; the alerts' repositories need Prisma, and loading and starting it after the
 * run made about a sixth of an incremental run's time (BENCHMARKS.md's profile). Failing here is reported when awaited.
 */
export function preloadAlertsDatabase(databaseUrl: string): { database: Promise<Database>; close(): Promise<void> } {
  // Its first query instantiates Prisma's query compiler and connects (about half a second): done here as well.
  const database = import("@/lib/db/client").then(async ({ createPrismaClient }) => {
    const prisma = createPrismaClient(databaseUrl);
    try {
      await prisma.$queryRaw`SELECT 1`;
    } catch (error) {
      await prisma.$disconnect().catch(() => undefined);
      throw error;
    }
    return prisma;
  });
  database.catch(() => undefined);
  return {
    database,
    close: async () => {
      await database.then((prisma) => prisma.$disconnect()).catch(() => undefined);
    },
  };
}

/**
 * Raises the run's alerts and queues their notices. Never throws: the run is stored whatever happens here, and the next
 * run raises what this one could not. With no `database`, one is made and closed here.
 */
export async function raiseCommandAlerts(databaseUrl: string, kind: RunKind, runId: string, database?: Database | Promise<Database>): Promise<CommandAlerts> {
  let own = database ? null : preloadAlertsDatabase(databaseUrl);
  try {
    let prisma: Database;
    try {
      prisma = await (database ?? own!.database);
    } catch (error) {
      // A client warmed up early in a long run may have failed on a blip long gone: one fresh try now.
      if (!database || own) throw error;
      own = preloadAlertsDatabase(databaseUrl);
      prisma = await own.database;
    }
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
    await own?.close();
  }
}

/** Prints the outcome: on standard error when it failed or when standard output must stay one document (--json). */
export function printCommandAlerts(alerts: CommandAlerts, options: { json?: boolean } = {}): void {
  (alerts.failed || options.json ? console.error : console.log)(alerts.message);
}
