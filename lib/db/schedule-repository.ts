import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

// The schedule's rows: the organization's defaults (one row), per-account and per-trail overrides, and the slots
// claimed. A slot's primary key (kind, target, slot) is the lock that lets one worker, and only one, start its run.

export const ORGANIZATION_SCHEDULE = "organization";
export type SlotKind = "scan" | "validate" | "export";

type Reader = Pick<Database, "schedule" | "scheduleOverride" | "scheduleSlot">;

/** The defaults, created (scan 24h, validate 1h over 25 hours, no monthly export, running) when first read. */
export async function readSchedule(database: Pick<Database, "schedule">) {
  try {
    return await database.schedule.upsert({ where: { id: ORGANIZATION_SCHEDULE }, create: { id: ORGANIZATION_SCHEDULE }, update: {} });
  } catch (error) {
    // Two workers starting together on a new database both create the row: the loser reads the winner's.
    if (error instanceof Error && "code" in error && error.code === "P2002") return database.schedule.findUniqueOrThrow({ where: { id: ORGANIZATION_SCHEDULE } });
    throw error;
  }
}

export type ScheduleDefaults = Awaited<ReturnType<typeof readSchedule>>;

export interface ScheduleChange {
  scanEveryMinutes?: number;
  validateEveryMinutes?: number;
  windowHours?: number;
  exportMonthly?: boolean;
  paused?: boolean;
}

/** Applies a change to the defaults; returns the fields that changed, with their values before. */
export async function updateSchedule(tx: Pick<Database, "schedule">, change: ScheduleChange) {
  const before = await readSchedule(tx);
  const changed = (Object.keys(change) as (keyof ScheduleChange)[]).filter((key) => change[key] !== undefined && change[key] !== before[key]);
  if (changed.length === 0) return { schedule: before, changed, before: {} };
  const schedule = await tx.schedule.update({ where: { id: ORGANIZATION_SCHEDULE }, data: change });
  return { schedule, changed, before: Object.fromEntries(changed.map((key) => [key, before[key]])) };
}

export interface OverrideChange {
  validateEveryMinutes?: number | null;
  windowHours?: number | null;
  paused?: boolean;
}

export type OverrideScope = { accountId: string } | { trailId: string };

/** Sets an account's or a trail's override; one whose every field is back to the default is removed. */
export async function saveOverride(tx: Pick<Database, "scheduleOverride">, scope: OverrideScope, change: OverrideChange) {
  const where: Prisma.ScheduleOverrideWhereUniqueInput = "accountId" in scope ? { accountId: scope.accountId } : { trailId: scope.trailId };
  const before = await tx.scheduleOverride.findUnique({ where });
  const after = {
    validateEveryMinutes: change.validateEveryMinutes !== undefined ? change.validateEveryMinutes : (before?.validateEveryMinutes ?? null),
    windowHours: change.windowHours !== undefined ? change.windowHours : (before?.windowHours ?? null),
    paused: change.paused ?? before?.paused ?? false,
  };
  const empty = after.validateEveryMinutes === null && after.windowHours === null && !after.paused;
  if (empty) {
    if (before) await tx.scheduleOverride.delete({ where });
    return { override: null, before };
  }
  const override = await tx.scheduleOverride.upsert({ where, create: { ...scope, ...after }, update: after });
  return { override, before };
}

export function listOverrides(database: Pick<Database, "scheduleOverride">) {
  return database.scheduleOverride.findMany({ include: { account: { select: { name: true } }, trail: { select: { arn: true, name: true } } }, orderBy: [{ accountId: "asc" }, { trailId: "asc" }] });
}

/** The newest slot each target of `kind` claimed: what a worker compares the current slot with. */
export async function lastSlots(database: Reader, kind: SlotKind): Promise<Map<string, Date>> {
  const rows = await database.scheduleSlot.groupBy({ by: ["target"], where: { kind }, _max: { slot: true } });
  return new Map(rows.flatMap((row) => (row._max.slot ? [[row.target, row._max.slot] as const] : [])));
}

/** True when this call claimed the slot; false when another worker (or an earlier tick) already had. */
export async function claimSlot(database: Pick<Database, "scheduleSlot">, kind: SlotKind, target: string, slot: Date): Promise<boolean> {
  // ON CONFLICT DO NOTHING on the primary key: of several workers claiming the same slot, exactly one inserts.
  const { count } = await database.scheduleSlot.createMany({ data: [{ kind, target, slot }], skipDuplicates: true });
  return count === 1;
}

export async function recordSlotRun(database: Pick<Database, "scheduleSlot">, kind: SlotKind, target: string, slot: Date, runId: string): Promise<void> {
  await database.scheduleSlot.update({ where: { kind_target_slot: { kind, target, slot } }, data: { runId } });
}

/** Gives a slot back when its run could not be requested, so the next tick tries again. */
export async function releaseSlot(database: Pick<Database, "scheduleSlot">, kind: SlotKind, target: string, slot: Date): Promise<void> {
  await database.scheduleSlot.deleteMany({ where: { kind, target, slot, runId: null } });
}

/** Claims older than `before` whose run was never recorded: their worker died between claiming and recording. */
export function unrecordedClaims(database: Pick<Database, "scheduleSlot">, before: Date) {
  return database.scheduleSlot.findMany({ where: { runId: null, claimedAt: { lt: before } }, orderBy: { claimedAt: "asc" } });
}

/** The claim as it was read (same claimedAt): true when this call gave it its run, false when someone else moved first. */
export async function recordClaimRun(database: Pick<Database, "scheduleSlot">, claim: { kind: string; target: string; slot: Date; claimedAt: Date }, runId: string): Promise<boolean> {
  const { count } = await database.scheduleSlot.updateMany({ where: { kind: claim.kind, target: claim.target, slot: claim.slot, claimedAt: claim.claimedAt, runId: null }, data: { runId } });
  return count === 1;
}

/** Gives up an abandoned claim, as it was read, so the slot is due again. */
export async function dropClaim(database: Pick<Database, "scheduleSlot">, claim: { kind: string; target: string; slot: Date; claimedAt: Date }): Promise<boolean> {
  const { count } = await database.scheduleSlot.deleteMany({ where: { kind: claim.kind, target: claim.target, slot: claim.slot, claimedAt: claim.claimedAt, runId: null } });
  return count === 1;
}
