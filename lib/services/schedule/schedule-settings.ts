import type { Database } from "@/lib/db/client";
import { recordAudit, type AuditContext } from "@/lib/db/audit-repository";
import { effectiveValidation } from "@/lib/core/schedule/effective";
import { assertCronInterval, cronFor, formatInterval, IntervalError, MONTHLY_CRON, nextMonthSlotAfter, nextSlotAfter } from "@/lib/core/schedule/interval";
import { listOverrides, readSchedule, saveOverride, updateSchedule, type OverrideChange, type ScheduleChange } from "@/lib/db/schedule-repository";

// The schedule as Settings and `trailproof schedule` show and change it: one service for both, each change and its
// audit record in one transaction.

/** The longest window a scheduled validation may look back over: 90 days, the longest "Validate now" offers. */
export const MAX_WINDOW_HOURS = 90 * 24;

export type ScheduleScope = { kind: "organization" } | { kind: "account"; accountId: string } | { kind: "trail"; trailArn: string };

export interface ScheduleEdit {
  scope: ScheduleScope;
  scanEveryMinutes?: number;
  /** null: back to the organization's (for an account or a trail). */
  validateEveryMinutes?: number | null;
  windowHours?: number | null;
  exportMonthly?: boolean;
  paused?: boolean;
}

function checkWindow(hours: number): void {
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_WINDOW_HOURS) throw new IntervalError(`the window is a whole number of hours from 1 to ${MAX_WINDOW_HOURS}`);
}

/** Applies an edit (refusing intervals no cron can say, and unknown accounts or trails) and records who made it. */
export async function changeSchedule(database: Database, audit: AuditContext, edit: ScheduleEdit): Promise<{ target: string; changed: string[] }> {
  if (edit.scanEveryMinutes !== undefined) assertCronInterval(edit.scanEveryMinutes, formatInterval(edit.scanEveryMinutes));
  if (edit.validateEveryMinutes != null) assertCronInterval(edit.validateEveryMinutes, formatInterval(edit.validateEveryMinutes));
  if (edit.windowHours != null) checkWindow(edit.windowHours);
  const { scope } = edit;
  if (scope.kind !== "organization" && (edit.scanEveryMinutes !== undefined || edit.exportMonthly !== undefined)) {
    throw new IntervalError("scans and the monthly export cover the whole organization: set them without an account or a trail");
  }
  return database.$transaction(async (tx) => {
    if (scope.kind === "organization") {
      const change: ScheduleChange = { scanEveryMinutes: edit.scanEveryMinutes, validateEveryMinutes: edit.validateEveryMinutes ?? undefined, windowHours: edit.windowHours ?? undefined, exportMonthly: edit.exportMonthly, paused: edit.paused };
      const result = await updateSchedule(tx, change);
      await recordAudit(tx, audit, { action: "settings.schedule", target: "organization", outcome: "succeeded", detail: { changed: result.changed, before: result.before } });
      return { target: "organization", changed: result.changed };
    }
    const change: OverrideChange = { validateEveryMinutes: edit.validateEveryMinutes, windowHours: edit.windowHours, paused: edit.paused };
    let target: string;
    let where: { accountId: string } | { trailId: string };
    if (scope.kind === "account") {
      if (!(await tx.account.findUnique({ where: { id: scope.accountId }, select: { id: true } }))) throw new IntervalError(`no account ${scope.accountId}: add it or scan first`);
      target = scope.accountId;
      where = { accountId: scope.accountId };
    } else {
      const trail = await tx.trail.findUnique({ where: { arn: scope.trailArn }, select: { id: true } });
      if (!trail) throw new IntervalError(`no trail ${scope.trailArn}: scan first`);
      target = scope.trailArn;
      where = { trailId: trail.id };
    }
    const { override, before } = await saveOverride(tx, where, change);
    const changed = (["validateEveryMinutes", "windowHours", "paused"] as const).filter((key) => (override?.[key] ?? null) !== (before?.[key] ?? (key === "paused" ? false : null)));
    await recordAudit(tx, audit, { action: "settings.schedule", target, outcome: "succeeded", detail: { changed, removed: override === null && before !== null } });
    return { target, changed };
  });
}

export interface ScheduleView {
  scanEvery: string;
  scanCron: string;
  validateEvery: string;
  validateCron: string;
  windowHours: number;
  exportMonthly: boolean;
  exportCron: string;
  paused: boolean;
  nextScan: Date | null;
  nextValidation: Date | null;
  nextExport: Date | null;
  overrides: {
    scope: "account" | "trail";
    /** The account id or the trail ARN: what the CLI and the form take. */
    target: string;
    label: string;
    validateEvery: string | null;
    windowHours: number | null;
    paused: boolean;
    /** What applies once combined with the defaults (and the account's, for a trail). */
    effective: string;
    nextValidation: Date | null;
  }[];
}

/** The schedule with the next slot of each kind (null while paused or off). */
export async function describeSchedule(database: Database, now = new Date()): Promise<ScheduleView> {
  const schedule = await readSchedule(database);
  const overrides = await listOverrides(database);
  const accountOverrides = new Map(overrides.filter((o) => o.accountId).map((o) => [o.accountId!, o]));
  const trailAccounts = new Map(
    (await database.trail.findMany({ where: { id: { in: overrides.flatMap((o) => (o.trailId ? [o.trailId] : [])) } }, select: { id: true, accountId: true } })).map((t) => [t.id, t.accountId]),
  );
  const running = !schedule.paused;
  return {
    scanEvery: formatInterval(schedule.scanEveryMinutes),
    scanCron: cronFor(schedule.scanEveryMinutes),
    validateEvery: formatInterval(schedule.validateEveryMinutes),
    validateCron: cronFor(schedule.validateEveryMinutes),
    windowHours: schedule.windowHours,
    exportMonthly: schedule.exportMonthly,
    exportCron: MONTHLY_CRON,
    paused: schedule.paused,
    nextScan: running ? nextSlotAfter(schedule.scanEveryMinutes, now) : null,
    nextValidation: running ? nextSlotAfter(schedule.validateEveryMinutes, now) : null,
    nextExport: running && schedule.exportMonthly ? nextMonthSlotAfter(now) : null,
    overrides: overrides.map((o) => {
      const account = o.accountId ? null : accountOverrides.get(trailAccounts.get(o.trailId!) ?? "");
      const effective = o.accountId ? effectiveValidation(schedule, o, null) : effectiveValidation(schedule, account, o);
      return {
        scope: o.accountId ? ("account" as const) : ("trail" as const),
        target: o.accountId ?? o.trail!.arn,
        label: o.accountId ? `${o.account!.name} (${o.accountId})` : o.trail!.name,
        validateEvery: o.validateEveryMinutes === null ? null : formatInterval(o.validateEveryMinutes),
        windowHours: o.windowHours,
        paused: o.paused,
        effective: effective.pausedBy ? `paused (${effective.pausedBy})` : `every ${formatInterval(effective.everyMinutes)} over ${effective.windowHours} h`,
        nextValidation: effective.pausedBy ? null : nextSlotAfter(effective.everyMinutes, now),
      };
    }),
  };
}
