import PgBoss from "pg-boss";

// The durable queue: pg-boss on the product's own PostgreSQL (schema "pgboss", created by pg-boss itself). Each job's
// id is the id of the run row it carries out (a validation run or a scan run), so the run and its job are found from
// each other without a column of ours, and sending the same run twice cannot make two jobs.

export const VALIDATE_QUEUE = "validate-trail";
export const SCAN_QUEUE = "scan-accounts";
/** Evidence exports: the job's id is the export's id (the report prints it before the export row exists). */
export const EXPORT_QUEUE = "export-evidence";
/** Notifications: one job per channel per batch of newly opened alerts (lib/jobs/notify-job.ts). */
export const NOTIFY_QUEUE = "notify";
/** The schedule's tick: pg-boss's cron puts one job here per minute, whichever workers run (lib/jobs/schedule-tick.ts). */
export const SCHEDULE_QUEUE = "schedule-tick";

export interface RunJob {
  runId: string;
}

/**
 * How long a job may stay active before pg-boss deems its worker dead and retries it. As long as pg-boss allows:
 * expiry does not stop a handler still running, so a shorter one could start the same run twice. A worker that
 * restarts on its own database does not wait for it (see retryJobsOfDeadWorker).
 */
const EXPIRE_HOURS = { [VALIDATE_QUEUE]: 23, [SCAN_QUEUE]: 6, [EXPORT_QUEUE]: 2, [NOTIFY_QUEUE]: 1, [SCHEDULE_QUEUE]: 1 } as const; // pg-boss allows under 24 h

export type QueueName = keyof typeof EXPIRE_HOURS;
/** The queues whose jobs carry out a run row (validation_runs, scan_runs). */
export type RunQueueName = typeof VALIDATE_QUEUE | typeof SCAN_QUEUE;

export const JOB_OPTIONS: Record<QueueName, PgBoss.SendOptions> = {
  [VALIDATE_QUEUE]: { expireInHours: EXPIRE_HOURS[VALIDATE_QUEUE], retryLimit: 2, retryDelay: 30, retryBackoff: true },
  [SCAN_QUEUE]: { expireInHours: EXPIRE_HOURS[SCAN_QUEUE], retryLimit: 2, retryDelay: 30, retryBackoff: true },
  [EXPORT_QUEUE]: { expireInHours: EXPIRE_HOURS[EXPORT_QUEUE], retryLimit: 1, retryDelay: 10 },
  // 6 attempts over about half an hour (30 s, 1, 2, 4, 8 min, each up to twice that with pg-boss's jitter): long enough to
  // ride out a receiver's restart or an SMTP server's greylisting, short enough that an alert is still news.
  [NOTIFY_QUEUE]: { expireInHours: EXPIRE_HOURS[NOTIFY_QUEUE], retryLimit: 5, retryDelay: 30, retryBackoff: true },
  // A tick is not retried: the next minute's tick (or a worker's start) decides afresh what is due.
  [SCHEDULE_QUEUE]: { expireInHours: EXPIRE_HOURS[SCHEDULE_QUEUE], retryLimit: 0 },
};

export interface BossOptions {
  /** A process that only sends jobs needs no maintenance or cron timers of its own. */
  role: "sender" | "worker";
  /**
   * Run pg-boss's cron (its timekeeper) in this process: it turns the schedules stored in pgboss.schedule into jobs,
   * once per minute across every process of the database (pg-boss keeps the time of its last check in
   * pgboss.version.cron_on and inserts each minute's job with a 60-second singleton key).
   */
  schedule?: boolean;
}

export async function startBoss(connectionString: string, { role, schedule = false }: BossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    schema: "pgboss",
    application_name: `trailproof-${role}`,
    max: role === "worker" ? 4 : 2,
    supervise: role === "worker",
    schedule,
    // Finished jobs are kept a week: the run rows keep the results; the jobs only say how each attempt ended.
    deleteAfterDays: 7,
  });
  // pg-boss reports background errors (a lost connection) as events; without a listener Node would crash on them.
  boss.on("error", (error) => console.error(`job queue: ${error.message}`));
  await boss.start();
  for (const name of Object.keys(EXPIRE_HOURS)) await ensureQueue(boss, name);
  return boss;
}

/**
 * Creates a queue unless it exists. Workers starting together on a new database race to create the same queue, and
 * pg-boss's createQueue can then fail with a deadlock: whoever loses finds the winner's queue on a later attempt.
 */
async function ensureQueue(boss: PgBoss, name: string, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name, { name, policy: "standard" });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 200));
    }
  }
}
