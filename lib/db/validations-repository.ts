import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

// Writes of one validation run besides its verdicts (those go through lib/services/integrity/verdict-store.ts, in
// batches that advance the run's counters in the same statement).

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

export async function recordFindings(database: Database, runId: string, findings: Omit<Prisma.FindingCreateManyInput, "runId">[]): Promise<void> {
  if (findings.length > 0) await database.finding.createMany({ data: findings.map((f) => ({ ...f, runId })) });
}

export async function finishValidationRun(database: Database, runId: string, status: "succeeded" | "partial" | "failed", error: string | null): Promise<void> {
  await database.validationRun.update({ where: { id: runId }, data: { status, error, phase: null, finishedAt: new Date() } });
}
