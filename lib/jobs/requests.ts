import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/client";
import { recordAudit, type AuditContext } from "@/lib/db/audit-repository";
import { JOB_OPTIONS, SCAN_QUEUE, VALIDATE_QUEUE, type RunQueueName, type RunJob } from "@/lib/jobs/queues";

// "Validate now" and "Scan now": record a queued run, then enqueue the job that carries it out, and return at once.
// A request while a run of the same target is queued or running joins that run: a transaction-scoped advisory lock
// per target makes the check and the insert one step, so a double click or two users make one run.

export interface ValidationRequest {
  trailId: string;
  windowStart: Date;
  windowEnd: Date;
  trigger: string;
  full?: boolean;
  /** Who asked: their audit record is written in the same transaction as the run (absent for tests and tools). */
  audit?: AuditContext;
}

export interface RequestOutcome {
  runId: string;
  /** True when a run already queued or running was returned instead of a new one. */
  joined: boolean;
}

const ACTIVE = ["queued", "running"] as const;

async function lockTarget(tx: Pick<Database, "$executeRaw">, target: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${target}))`;
}

async function enqueue(boss: PgBoss, database: Database, queue: RunQueueName, runId: string): Promise<void> {
  try {
    await boss.send(queue, { runId } satisfies RunJob, { ...JOB_OPTIONS[queue], id: runId });
  } catch (error) {
    // The run must not stay "queued" with no job to carry it out, nor block the next request.
    const message = `could not enqueue the job: ${error instanceof Error ? error.message : String(error)}`;
    const data = { status: "failed" as const, error: message, finishedAt: new Date() };
    if (queue === VALIDATE_QUEUE) await database.validationRun.update({ where: { id: runId }, data });
    else await database.scanRun.update({ where: { id: runId }, data });
    throw error;
  }
}

export async function requestValidation(database: Database, boss: PgBoss, request: ValidationRequest): Promise<RequestOutcome> {
  const trail = await database.trail.findUnique({ where: { id: request.trailId } });
  if (!trail) throw new Error("unknown trail");
  if (!trail.s3BucketName) throw new Error(`trail ${trail.name} has no S3 bucket: there are no log files to validate`);
  const outcome = await database.$transaction(async (tx) => {
    await lockTarget(tx, `validate:${trail.id}`);
    // Command-line runs have no job and are their own process's business (a killed one is resumed with
    // `trailproof validate --resume`): only runs carried out by jobs are joined.
    const active = await tx.validationRun.findFirst({ where: { trailId: trail.id, status: { in: [...ACTIVE] }, NOT: { trigger: "cli" } }, select: { id: true } });
    if (active) {
      if (request.audit) await recordAudit(tx, request.audit, { action: "validation.request", target: trail.arn, outcome: "joined", detail: { runId: active.id } });
      return { runId: active.id, joined: true };
    }
    const run = await tx.validationRun.create({
      data: {
        trailId: trail.id,
        // The bucket owner's role reads the files when TrailProof has it; the run re-checks this when it starts.
        accountId: trail.bucketAccountId && (await tx.account.findUnique({ where: { id: trail.bucketAccountId } })) ? trail.bucketAccountId : trail.accountId,
        regions: [],
        windowStart: request.windowStart,
        windowEnd: request.windowEnd,
        trigger: request.trigger,
        full: request.full ?? false,
        status: "queued",
        phase: "queued",
      },
      select: { id: true },
    });
    if (request.audit) {
      const detail = { runId: run.id, windowStart: request.windowStart.toISOString(), windowEnd: request.windowEnd.toISOString(), full: request.full ?? false };
      await recordAudit(tx, request.audit, { action: "validation.request", target: trail.arn, outcome: "succeeded", detail });
    }
    return { runId: run.id, joined: false };
  });
  if (!outcome.joined) await enqueue(boss, database, VALIDATE_QUEUE, outcome.runId);
  return outcome;
}

export async function requestScan(database: Database, boss: PgBoss, trigger: string, audit?: AuditContext): Promise<RequestOutcome> {
  if ((await database.account.count()) === 0) throw new Error("no accounts to scan yet");
  const outcome = await database.$transaction(async (tx) => {
    await lockTarget(tx, "scan:all");
    const active = await tx.scanRun.findFirst({ where: { status: { in: [...ACTIVE] }, NOT: { trigger: "cli" } }, select: { id: true } });
    if (active) {
      if (audit) await recordAudit(tx, audit, { action: "scan.request", target: "organization", outcome: "joined", detail: { scanId: active.id } });
      return { runId: active.id, joined: true };
    }
    const run = await tx.scanRun.create({ data: { trigger, status: "queued" }, select: { id: true } });
    if (audit) await recordAudit(tx, audit, { action: "scan.request", target: "organization", outcome: "succeeded", detail: { scanId: run.id } });
    return { runId: run.id, joined: false };
  });
  if (!outcome.joined) await enqueue(boss, database, SCAN_QUEUE, outcome.runId);
  return outcome;
}
