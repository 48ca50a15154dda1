import { sealClearWebhookUrls } from "@/lib/services/notifications/channels";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/client";
import { settleAbandonedRuns, retryJobsOfDeadWorker } from "@/lib/jobs/abandoned-runs";
import { EXPORT_QUEUE, SCAN_QUEUE, startBoss, VALIDATE_QUEUE, type RunJob } from "@/lib/jobs/queues";
import { carryOutExport, type ExportJob } from "@/lib/jobs/export-job";
import { queueAlertNotices, workNotifications } from "@/lib/jobs/notify-job";
import { carryOutSchedules } from "@/lib/jobs/schedule-tick";
import { pruneDeliveries } from "@/lib/db/notifications-repository";
import { readEnv } from "@/lib/env";
import { runStoredValidation } from "@/lib/services/integrity/stored-validation";
import { runQueuedScan } from "@/lib/services/scan/run-scan";
import type { AlertNotice } from "@/lib/services/alerts/alert-notice";
import { RAISE_ALERTS_AFTER } from "@/lib/services/alerts/after-run";

// The worker: carries out queued validations, scans, evidence exports and notifications. `npm start` runs one inside its own process; more can run
// as `npx trailproof worker` against the same PostgreSQL (pg-boss hands each job to one of them).

export interface WorkerOptions {
  databaseUrl: string;
  database: Database;
  /** Validations one worker carries out at once (each already fetches many files in parallel). */
  validations?: number;
  /**
   * The only worker of this database (npm start on its embedded PostgreSQL): jobs still marked active were left by
   * a worker that died with the previous process, so they are retried at once instead of after their expiry.
   */
  exclusive?: boolean;
  /** Carry out the schedules (docs/schedules.md); on unless a test wants a worker that only runs what it is sent. */
  schedules?: boolean;
  log?: (line: string) => void;
  /** Told the alerts each finished validation or scan newly opened (or reopened); default: queued as notifications. */
  onAlertsOpened?: (notices: AlertNotice[]) => Promise<void>;
}

export interface RunningWorker {
  boss: PgBoss;
  stop(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 60_000;
const PRUNE_INTERVAL_MS = 3_600_000;

type AlertRaiser = (database: Database, runId: string) => Promise<{ opened: AlertNotice[] }>;

async function validate(database: Database, runId: string): Promise<void> {
  const run = await database.validationRun.findUnique({ where: { id: runId }, include: { trail: true } });
  // Deleted, or finished by an earlier delivery of the same job: nothing to do.
  if (!run || run.status === "succeeded" || run.status === "partial") return;
  try {
    await runStoredValidation(database, {
      runId,
      trailArn: run.trail.arn,
      windowStart: run.windowStart,
      windowEnd: run.windowEnd,
      trigger: run.trigger,
      full: run.full,
    });
  } catch (error) {
    // runStoredValidation records failures it meets while running; this covers those before it starts.
    const message = error instanceof Error ? error.message : String(error);
    await database.validationRun.updateMany({ where: { id: runId, status: { in: ["queued", "running"] } }, data: { status: "failed", error: message, phase: null, finishedAt: new Date() } });
    throw error;
  }
}

async function scan(database: Database, runId: string): Promise<void> {
  const run = await database.scanRun.findUnique({ where: { id: runId } });
  if (!run || run.status === "succeeded" || run.status === "partial") return;
  await runQueuedScan(database, runId);
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const log = options.log ?? ((line: string) => console.log(line));
  const schedules = options.schedules ?? true;
  const boss = await startBoss(options.databaseUrl, { role: "worker", schedule: schedules });
  if (options.exclusive) {
    const { resumed, givenUp } = await retryJobsOfDeadWorker(boss, options.database);
    if (resumed > 0) log(`trailproof: resuming ${resumed} job(s) interrupted when the previous run stopped`);
    if (givenUp > 0) log(`trailproof: ${givenUp} run(s) interrupted too often marked failed instead of resumed`);
  }
  // What a run newly opened goes to every enabled notification channel (lib/jobs/notify-job.ts), as its own jobs.
  const onAlertsOpened = options.onAlertsOpened ?? (async (notices: AlertNotice[]) => void (await queueAlertNotices(boss, notices, options.database)));
  // Alerts never fail the run they come from: a failure here is logged, and the next run raises them.
  const raiseAlerts = async (name: string, runId: string, raise: AlertRaiser) => {
    try {
      const { opened } = await raise(options.database, runId);
      if (opened.length > 0) await onAlertsOpened(opened);
    } catch (error) {
      log(`trailproof: alerts after ${name} ${runId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const handle = (name: string, work: (database: Database, runId: string) => Promise<void>, raise: AlertRaiser) => async ([job]: PgBoss.Job<RunJob>[]) => {
    if (!job) return;
    log(`trailproof: ${name} ${job.data.runId} started`);
    try {
      await work(options.database, job.data.runId);
      log(`trailproof: ${name} ${job.data.runId} finished`);
      await raiseAlerts(name, job.data.runId, raise);
    } catch (error) {
      log(`trailproof: ${name} ${job.data.runId} failed: ${error instanceof Error ? error.message : String(error)}`);
      throw error; // pg-boss records the failure and retries while the job's retry limit allows
    }
  };
  const workOptions = { batchSize: 1, pollingIntervalSeconds: 1 };
  for (let i = 0; i < (options.validations ?? 1); i++) await boss.work(VALIDATE_QUEUE, workOptions, handle("validation", validate, RAISE_ALERTS_AFTER.validation));
  await boss.work(SCAN_QUEUE, workOptions, handle("scan", scan, RAISE_ALERTS_AFTER.scan));
  // One export at a time per worker: Chromium holds the whole document while it prints (about 2.5 GB for 10,000 files).
  await boss.work<ExportJob>(EXPORT_QUEUE, { ...workOptions, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    log(`trailproof: evidence export ${job.data.exportId} started`);
    const outcome = await carryOutExport(options.database, job.data, job.retryCount >= job.retryLimit);
    log(`trailproof: evidence export ${job.data.exportId} ${outcome.error ? `refused: ${outcome.error}` : "finished"}`);
    return outcome; // the job's output: the page shows a refusal's reason
  });
  await workNotifications(boss, options.database, log);
  await sealClearWebhookUrls(options.database)
    .then((sealed) => sealed > 0 && log(`trailproof: sealed ${sealed} webhook URL(s) stored in clear by an older version`))
    .catch((error: Error) => log(`trailproof: sealing webhook URLs stored in clear failed (they are still delivered; tried again at the next start): ${error.message}`));

  const sweep = () => settleAbandonedRuns(boss, options.database).catch((error: Error) => log(`trailproof: sweeping abandoned runs failed: ${error.message}`));
  await sweep();
  // After the sweep (a run abandoned by a dead worker is settled, not joined): a slot missed while every worker was
  // down is requested at once, and carried out by the handlers above.
  if (schedules) await carryOutSchedules(boss, options.database, log);
  const timer = setInterval(() => void sweep(), SWEEP_INTERVAL_MS);
  timer.unref();
  // Delivery records past their retention (TRAILPROOF_DELIVERY_RETENTION_DAYS), at start and then hourly.
  const retentionMs = readEnv().TRAILPROOF_DELIVERY_RETENTION_DAYS * 86_400_000;
  const prune = () =>
    pruneDeliveries(options.database, new Date(Date.now() - retentionMs))
      .then((deleted) => deleted > 0 && log(`trailproof: pruned ${deleted} notification delivery record(s) older than the retention`))
      .catch((error: Error) => log(`trailproof: pruning notification deliveries failed: ${error.message}`));
  void prune();
  const pruneTimer = setInterval(() => void prune(), PRUNE_INTERVAL_MS);
  pruneTimer.unref();
  return {
    boss,
    stop: async () => {
      clearInterval(timer);
      clearInterval(pruneTimer);
      // Not graceful: a validation cut short resumes from what it stored when a worker next takes its job.
      await boss.stop({ graceful: false, wait: true, timeout: 2000 });
    },
  };
}
