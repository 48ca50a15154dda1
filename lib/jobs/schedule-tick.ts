import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/client";
import { SCHEDULE_QUEUE } from "@/lib/jobs/queues";
import { queueAlertNotices } from "@/lib/jobs/notify-job";
import { runDueSchedules } from "@/lib/services/schedule/run-due";
import { recordExpiredExceptions } from "@/lib/services/exceptions/expiry";

// pg-boss's own cron carries out the schedules: one schedule row, every minute, on the schedule-tick queue. pg-boss 10
// keeps one cron per queue name, so per-trail crons would need a queue per trail; instead each tick asks which
// targets' slots (their interval's cron firing times, lib/core/schedule/interval.ts) are due. pg-boss does not catch
// up on minutes nobody was running to tick, so a starting worker runs the same check once at once. The same tick records
// exceptions that expired since the last one (their audit entry and alert, once: lib/services/exceptions/expiry.ts).

export const TICK_CRON = "* * * * *";

export async function carryOutSchedules(boss: PgBoss, database: Database, log: (line: string) => void): Promise<void> {
  await boss.schedule(SCHEDULE_QUEUE, TICK_CRON, {}, { tz: "UTC" });
  const tick = async () => {
    try {
      await runDueSchedules(database, boss, { log });
    } catch (error) {
      // The next tick decides afresh; a failed tick must not stop the worker.
      log(`trailproof: schedule tick failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      const notices = await recordExpiredExceptions(database);
      if (notices.length > 0) await queueAlertNotices(boss, notices, database);
    } catch (error) {
      log(`trailproof: recording expired exceptions failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await boss.work(SCHEDULE_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, tick);
  await tick();
}
