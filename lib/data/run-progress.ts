import "server-only";
import { db } from "@/lib/db/client";
import { isUuid } from "@/lib/util/ids";

// What the progress bars poll: a run's status, phase and counters as stored (the run writes them as it goes, so
// progress shown is progress stored and a reload loses nothing).

export interface ValidationProgress {
  kind: "validation";
  id: string;
  trailName: string;
  status: "queued" | "running" | "succeeded" | "partial" | "failed";
  phase: string | null;
  digestsDone: number;
  logsDone: number;
  invalidCount: number;
  missingCount: number;
  unreadableCount: number;
  findingCount: number;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ScanProgress {
  kind: "scan";
  id: string;
  status: ValidationProgress["status"];
  accountsDone: number;
  accountsTotal: number;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}


export async function getValidationProgress(id: string): Promise<ValidationProgress | null> {
  if (!isUuid(id)) return null;
  const run = await db().validationRun.findUnique({
    where: { id },
    include: { trail: { select: { name: true } }, _count: { select: { findings: true } } },
  });
  if (!run) return null;
  return {
    kind: "validation",
    id: run.id,
    trailName: run.trail.name,
    status: run.status,
    phase: run.phase,
    digestsDone: run.digestsDone,
    logsDone: run.logsDone,
    invalidCount: run.invalidCount,
    missingCount: run.missingCount,
    unreadableCount: run.unreadableCount,
    findingCount: run._count.findings,
    error: run.error,
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

export async function getScanProgress(id: string): Promise<ScanProgress | null> {
  if (!isUuid(id)) return null;
  const run = await db().scanRun.findUnique({ where: { id }, include: { _count: { select: { accounts: true } } } });
  if (!run) return null;
  const accountsTotal = run.status === "queued" || run.status === "running" ? await db().account.count() : run.accountsTotal;
  return {
    kind: "scan",
    id: run.id,
    status: run.status,
    accountsDone: run._count.accounts,
    accountsTotal,
    error: run.error,
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
