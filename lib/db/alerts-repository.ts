import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { AlertState, KnownAlert, Problem, RunKind } from "@/lib/core/alerts/problem";
import type { AlertChanges } from "@/lib/core/alerts/reconcile";
import type { Severity } from "@/lib/core/checks/types";

// The alerts table: what the raising rules need to know of stored alerts, their changes after a run (one
// transaction), and the reads of the Alerts page, the header, the command line and evidence reports.

type Tx = Pick<Database, "alert">;

const knownSelect = { id: true, key: true, kind: true, state: true, runKind: true, accountId: true, region: true, trailArn: true, s3Uri: true, objectTime: true } satisfies Prisma.AlertSelect;

/**
 * The alerts a run's problems name (whatever their state: a resolved one may come back), and the active alerts it
 * might resolve: those of its trail (a validation) or of its accounts (a scan).
 */
export async function knownAlerts(database: Tx, reach: { runKind: RunKind; keys: string[]; trailArn?: string; accountIds?: string[] }): Promise<KnownAlert[]> {
  const active: Prisma.AlertWhereInput = {
    runKind: reach.runKind,
    state: { in: ["open", "acknowledged"] },
    ...(reach.trailArn !== undefined ? { trailArn: reach.trailArn } : { accountId: { in: reach.accountIds ?? [] } }),
  };
  const rows = await database.alert.findMany({ where: { OR: [{ key: { in: reach.keys } }, active] }, select: knownSelect });
  return rows.map((row) => ({ ...row, runKind: row.runKind as RunKind }));
}

function described(problem: Problem) {
  return {
    kind: problem.kind,
    severity: problem.severity,
    title: problem.title,
    reason: problem.reason,
    accountId: problem.accountId,
    region: problem.region,
    trailArn: problem.trailArn,
    s3Uri: problem.s3Uri,
    objectTime: problem.objectTime,
    fileVerdictId: problem.fileVerdictId,
    findingId: problem.findingId,
    checkResultId: problem.checkResultId,
    checkId: problem.checkId,
  };
}

export interface RunSeen {
  runKind: RunKind;
  runId: string;
  at: Date;
}

/** Applies a run's changes in one transaction; returns the ids of the alerts it opened or reopened. */
export async function applyAlertChanges(database: Database, changes: AlertChanges, run: RunSeen): Promise<string[]> {
  const seen = { runKind: run.runKind, runId: run.runId, lastSeen: run.at };
  return database.$transaction(async (tx) => {
    const opened: string[] = [];
    for (const problem of changes.open) {
      // A concurrent run of the same trail may have opened it a moment ago: then this is a sighting of that alert.
      const row = await tx.alert.upsert({
        where: { key: problem.key },
        create: { key: problem.key, ...described(problem), ...seen, firstSeen: run.at },
        update: { ...described(problem), ...seen, timesSeen: { increment: 1 } },
        select: { id: true, timesSeen: true },
      });
      if (row.timesSeen === 1) opened.push(row.id);
    }
    for (const { id, problem } of changes.reopen) {
      await tx.alert.update({
        where: { id },
        data: { ...described(problem), ...seen, state: "open", timesSeen: { increment: 1 }, reopenedCount: { increment: 1 }, resolvedAt: null, resolvedByRun: null, acknowledgedBy: null, acknowledgedAt: null, ackComment: null },
      });
      opened.push(id);
    }
    for (const { id, problem } of changes.touch) {
      await tx.alert.update({ where: { id }, data: { ...described(problem), ...seen, timesSeen: { increment: 1 } } });
    }
    if (changes.resolve.length > 0) {
      await tx.alert.updateMany({ where: { id: { in: changes.resolve }, state: { in: ["open", "acknowledged"] } }, data: { state: "resolved", resolvedAt: run.at, resolvedByRun: run.runId } });
    }
    return opened;
  });
}

export interface AlertFilters {
  state?: AlertState;
  severity?: Severity;
  kind?: string;
  accountId?: string;
}

export const alertSelect = {
  id: true,
  kind: true,
  severity: true,
  state: true,
  title: true,
  reason: true,
  accountId: true,
  region: true,
  trailArn: true,
  s3Uri: true,
  fileVerdictId: true,
  checkId: true,
  runKind: true,
  runId: true,
  firstSeen: true,
  lastSeen: true,
  timesSeen: true,
  reopenedCount: true,
  resolvedAt: true,
  acknowledgedBy: true,
  acknowledgedAt: true,
  ackComment: true,
} satisfies Prisma.AlertSelect;

export type AlertRow = Prisma.AlertGetPayload<{ select: typeof alertSelect }>;

/** Worst first (the Severity enum's order), then the most recently seen. */
export function listAlerts(database: Tx, filters: AlertFilters, take = 500): Promise<AlertRow[]> {
  return database.alert.findMany({
    where: { state: filters.state, severity: filters.severity, kind: filters.kind, accountId: filters.accountId },
    orderBy: [{ severity: "asc" }, { lastSeen: "desc" }],
    select: alertSelect,
    take,
  });
}

export function alertsById(database: Tx, ids: string[]): Promise<AlertRow[]> {
  return database.alert.findMany({ where: { id: { in: ids } }, select: alertSelect });
}

export function countOpenAlerts(database: Tx): Promise<number> {
  return database.alert.count({ where: { state: "open" } });
}

/** The kinds and accounts that alerts name, for the page's filters. */
export async function alertFacets(database: Tx): Promise<{ kinds: string[]; accountIds: string[] }> {
  const [kinds, accounts] = await Promise.all([
    database.alert.findMany({ distinct: ["kind"], select: { kind: true }, orderBy: { kind: "asc" } }),
    database.alert.findMany({ distinct: ["accountId"], where: { accountId: { not: null } }, select: { accountId: true }, orderBy: { accountId: "asc" } }),
  ]);
  return { kinds: kinds.map((k) => k.kind), accountIds: accounts.map((a) => a.accountId!) };
}

/** Marks an open alert acknowledged; false when it is not open (already acknowledged, resolved, or unknown). */
export async function acknowledgeAlert(tx: Tx, id: string, by: string, comment: string, at = new Date()): Promise<boolean> {
  const { count } = await tx.alert.updateMany({ where: { id, state: "open" }, data: { state: "acknowledged", acknowledgedBy: by, acknowledgedAt: at, ackComment: comment } });
  return count === 1;
}

/** Alerts seen during a window (first seen before its end, last seen after its start), in a scope, for evidence. */
export function alertsInWindow(database: Tx, window: { from: Date; to: Date }, scope: { accountId?: string; trailArn?: string }, take = 200): Promise<AlertRow[]> {
  return database.alert.findMany({
    where: { firstSeen: { lte: window.to }, lastSeen: { gte: window.from }, accountId: scope.accountId, trailArn: scope.trailArn },
    orderBy: [{ severity: "asc" }, { lastSeen: "desc" }],
    select: alertSelect,
    take,
  });
}
