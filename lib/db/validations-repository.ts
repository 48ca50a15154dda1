import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

// Writes of one validation run as it goes: verdicts in batches (idempotent on (run, kind, bucket, key), so a resumed
// run never duplicates a row), counters advanced in the same transaction, so progress shown is progress stored.

export type VerdictRow = Omit<Prisma.FileVerdictCreateManyInput, "runId">;

export interface RunStart {
  trailId: string;
  accountId: string;
  regions: string[];
  windowStart: Date;
  windowEnd: Date;
  trigger: string;
  full: boolean;
}

export async function createValidationRun(database: Database, start: RunStart): Promise<string> {
  const run = await database.validationRun.create({
    data: { ...start, status: "running", phase: "listing digests", startedAt: new Date() },
    select: { id: true },
  });
  return run.id;
}

/**
 * Marks a queued run (or one a killed worker left running) as running over these regions. A resumed run keeps the
 * verdicts it stored; its findings are recomputed by the walk, so the old ones go.
 */
export async function startValidationRun(database: Database, runId: string, regions: string[]): Promise<void> {
  await database.$transaction([
    database.finding.deleteMany({ where: { runId } }),
    database.validationRun.update({
      where: { id: runId },
      data: { status: "running", phase: "listing digests", regions, error: null, startedAt: new Date(), finishedAt: null },
    }),
  ]);
}

export async function recordVerdicts(database: Database, runId: string, rows: VerdictRow[], phase: string): Promise<void> {
  if (rows.length === 0) return;
  await database.$transaction(async (tx) => {
    // Counted from what was inserted: a resumed run meets the verdicts it stored before it died again.
    const inserted = await tx.fileVerdict.createManyAndReturn({
      data: rows.map((row) => ({ ...row, runId })),
      skipDuplicates: true,
      select: { kind: true, status: true },
    });
    const count = (match: (row: { kind: string; status: string }) => boolean) => inserted.filter(match).length;
    await tx.validationRun.update({
      where: { id: runId },
      data: {
        phase,
        digestsDone: { increment: count((r) => r.kind === "digest") },
        logsDone: { increment: count((r) => r.kind === "log") },
        invalidCount: { increment: count((r) => r.status === "invalid") },
        missingCount: { increment: count((r) => r.status === "missing") },
      },
    });
  });
}

export async function recordFindings(database: Database, runId: string, findings: Omit<Prisma.FindingCreateManyInput, "runId">[]): Promise<void> {
  if (findings.length > 0) await database.finding.createMany({ data: findings.map((f) => ({ ...f, runId })) });
}

export async function finishValidationRun(database: Database, runId: string, status: "succeeded" | "partial" | "failed", error: string | null): Promise<void> {
  await database.validationRun.update({ where: { id: runId }, data: { status, error, phase: null, finishedAt: new Date() } });
}
