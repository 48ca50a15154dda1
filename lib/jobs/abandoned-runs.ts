import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/client";
import { EXPORT_QUEUE, NOTIFY_QUEUE, SCAN_QUEUE, VALIDATE_QUEUE, type QueueName, type RunQueueName } from "@/lib/jobs/queues";

// Run rows and jobs can disagree when a process dies at the wrong moment: a run queued whose job was never sent, or
// a job that ran out of retries while its run still says "running". Such a run would block "Validate now" for its
// trail forever (a request joins an active run), so the worker settles them: a run whose job will not run again is
// marked failed, with the reason.

/** A queued run younger than this may still be waiting for its job to be sent. */
const SEND_GRACE_MS = 2 * 60_000;

const STILL_COMING = new Set(["created", "retry", "active"]);

async function activeRuns(database: Database): Promise<{ queue: RunQueueName; id: string; createdAt: Date; trigger: string }[]> {
  const where = { status: { in: ["queued" as const, "running" as const] } };
  const select = { id: true, createdAt: true, trigger: true };
  const [validations, scans] = await Promise.all([database.validationRun.findMany({ where, select }), database.scanRun.findMany({ where, select })]);
  return [...validations.map((r) => ({ queue: VALIDATE_QUEUE, ...r }) as const), ...scans.map((r) => ({ queue: SCAN_QUEUE, ...r }) as const)];
}

async function markFailed(database: Database, queue: RunQueueName, id: string, error: string): Promise<void> {
  const where = { id, status: { in: ["queued" as const, "running" as const] } };
  const data = { status: "failed" as const, error, finishedAt: new Date() };
  if (queue === VALIDATE_QUEUE) await database.validationRun.updateMany({ where, data: { ...data, phase: null } });
  else await database.scanRun.updateMany({ where, data });
}

export async function settleAbandonedRuns(boss: PgBoss, database: Database, now = new Date()): Promise<number> {
  let settled = 0;
  for (const run of await activeRuns(database)) {
    const job = await boss.getJobById(run.queue, run.id, { includeArchive: true });
    if (job && STILL_COMING.has(job.state)) continue;
    if (!job && now.getTime() - run.createdAt.getTime() < SEND_GRACE_MS) continue;
    // Only runs requested from the UI ("ui:<actor>") have jobs; others (the command line, benchmarks, tools) are
    // their own process's business.
    if (!job && !run.trigger.startsWith("ui:")) continue;
    const why = job ? `its job ended (${job.state}) without finishing the run` : "its job was never queued";
    await markFailed(database, run.queue, run.id, `abandoned: ${why}`);
    settled += 1;
  }
  return settled;
}

/**
 * How often a run's job is resumed after its worker died before TrailProof gives up on it. A job that itself kills
 * the process (memory exhausted, a native crash) would otherwise run again at every restart, for ever.
 */
export const MAX_RESUMES = 3;

/** Counts one more resume of the run; returns how many there have been, this one included. */
async function countResume(database: Database, queue: RunQueueName, id: string): Promise<number> {
  const data = { resumeCount: { increment: 1 } };
  const select = { resumeCount: true };
  const run =
    queue === VALIDATE_QUEUE
      ? await database.validationRun.update({ where: { id }, data, select })
      : await database.scanRun.update({ where: { id }, data, select });
  return run.resumeCount;
}

export interface DeadWorkerJobs {
  /** Jobs taken again at once. */
  resumed: number;
  /** Runs marked failed instead: interrupted more than MAX_RESUMES times. */
  givenUp: number;
}

/** Only for the sole worker of a database, at its start: every job still active belongs to a worker that is gone. */
export async function retryJobsOfDeadWorker(boss: PgBoss, database: Database): Promise<DeadWorkerJobs> {
  // Exports and notifications have no run row: their jobs are found in pg-boss's own table.
  const rowless = await database.$queryRaw<{ id: string; name: QueueName }[]>`SELECT id::text, name FROM pgboss.job WHERE name IN (${EXPORT_QUEUE}, ${NOTIFY_QUEUE}) AND state = 'active'`;
  const runs = (await activeRuns(database)).map((run) => ({ queue: run.queue as QueueName, id: run.id, run: run.queue as RunQueueName | null }));
  const jobs = [...runs, ...rowless.map((job) => ({ queue: job.name, id: job.id, run: null }))];
  const outcome: DeadWorkerJobs = { resumed: 0, givenUp: 0 };
  for (const { queue, id, run } of jobs) {
    const job = await boss.getJobById(queue, id);
    if (job?.state !== "active") continue;
    // Cancel, then resume: the job is taken again at once, and the crash does not use up one of its retries (a
    // fail() would wait for the retry delay and count against the limit). Resumes are counted on the run instead.
    await boss.cancel(queue, id);
    const resumes = run ? await countResume(database, run, id) : 0;
    if (run && resumes > MAX_RESUMES) {
      const interruptions = resumes;
      await markFailed(
        database,
        run,
        id,
        `abandoned: the worker stopped while running it ${interruptions} times (it may be what stops the worker); not resumed again`,
      );
      outcome.givenUp += 1;
      continue;
    }
    await boss.resume(queue, id);
    outcome.resumed += 1;
  }
  return outcome;
}
