import type { Prisma } from "@/lib/db/generated/client";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/client";
import type { AuditContext } from "@/lib/db/audit-repository";
import { SCHEDULE_ACTOR } from "@/lib/auth/roles";
import { dueIntervalSlot, dueSlot, effectiveValidation } from "@/lib/core/schedule/effective";
import { monthBefore, monthSlotAt } from "@/lib/core/schedule/interval";
import { claimSlot, lastSlots, ORGANIZATION_SCHEDULE, readSchedule, recordSlotRun, releaseSlot, type SlotKind } from "@/lib/db/schedule-repository";
import { requestExport } from "@/lib/jobs/export-job";
import { requestScan, requestValidation } from "@/lib/jobs/requests";
import { settleAbandonedClaims } from "@/lib/services/schedule/abandoned-claims";

// One schedule tick: what is due now becomes normal runs, through the same request functions as "Scan now",
// "Validate now" and "Export evidence" (same tables, progress and history; a target already queued or running is
// joined), with trigger "schedule" and the system as the audit record's actor. Called by pg-boss's cron tick (one
// job per minute, whichever worker takes it) and once when a worker starts, to run a slot missed while all were down.
// Each slot is claimed in schedule_slots before its run is requested, so two workers never start the same slot; a
// claim whose worker died before recording its run is settled first (abandoned-claims.ts), so the slot is not lost.

export const SCHEDULE_TRIGGER = "schedule";
export const SCHEDULE_AUDIT: AuditContext = { actor: SCHEDULE_ACTOR, source: { ip: null, userAgent: "trailproof worker (schedule)" } };

export interface ScheduledRun {
  kind: SlotKind;
  target: string;
  slot: Date;
  runId?: string;
  joined?: boolean;
  error?: string;
}

export interface TickOptions {
  now?: Date;
  log?: (line: string) => void;
}

/** The trails scheduled validations cover: a bucket to read and log file validation on (see runDueSchedules). */
export const SCHEDULED_TRAILS = { logFileValidation: true, s3BucketName: { not: null } } satisfies Prisma.TrailWhereInput;

export async function runDueSchedules(database: Database, boss: PgBoss, options: TickOptions = {}): Promise<ScheduledRun[]> {
  const now = options.now ?? new Date();
  const log = options.log ?? ((line: string) => console.log(line));
  for (const claim of await settleAbandonedClaims(database, now)) {
    const what = claim.outcome === "recorded" ? `given the run its worker had requested, ${claim.runId}` : "dropped: its run was never requested, so the slot is due again";
    log(`trailproof: schedule: ${claim.kind} ${claim.target} (slot ${claim.slot.toISOString()}) was claimed by a worker that stopped; ${what}`);
  }
  const schedule = await readSchedule(database);
  if (schedule.paused) return [];
  const started: ScheduledRun[] = [];
  // Each slot on its own: one trail's failure (a bucket gone, a lost connection) never keeps the others from running.
  const attempt = async (kind: SlotKind, target: string, slot: Date, request: () => Promise<{ runId: string; joined?: boolean }>) => {
    if (!(await claimSlot(database, kind, target, slot))) return;
    try {
      const outcome = await request();
      await recordSlotRun(database, kind, target, slot, outcome.runId);
      started.push({ kind, target, slot, runId: outcome.runId, joined: outcome.joined });
      log(`trailproof: schedule: ${kind} ${target} (slot ${slot.toISOString()}) ${outcome.joined ? "joined run" : "started run"} ${outcome.runId}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await releaseSlot(database, kind, target, slot).catch(() => undefined);
      started.push({ kind, target, slot, error: message });
      log(`trailproof: schedule: ${kind} ${target} (slot ${slot.toISOString()}) could not be requested: ${message}`);
    }
  };

  const scanSlot = dueIntervalSlot(schedule.scanEveryMinutes, now, (await lastSlots(database, "scan")).get(ORGANIZATION_SCHEDULE), schedule.updatedAt);
  if (scanSlot && (await database.account.count()) > 0) {
    await attempt("scan", ORGANIZATION_SCHEDULE, scanSlot, () => requestScan(database, boss, SCHEDULE_TRIGGER, SCHEDULE_AUDIT));
  }

  // Trails with log file validation on (per the latest scan), as the first start validates: a trail without digests
  // has nothing to validate, and its chains would read as deleted (chain-missing). Validation switched off is the
  // scan's alert (validation-off), not a validation's.
  const trails = await database.trail.findMany({
    where: SCHEDULED_TRAILS,
    select: { id: true, scheduleOverride: true, account: { select: { scheduleOverride: true } } },
    orderBy: { arn: "asc" },
  });
  const lastValidations = await lastSlots(database, "validate");
  for (const trail of trails) {
    const effective = effectiveValidation(schedule, trail.account.scheduleOverride, trail.scheduleOverride);
    if (effective.pausedBy) continue;
    const slot = dueIntervalSlot(effective.everyMinutes, now, lastValidations.get(trail.id), effective.since);
    if (!slot) continue;
    // The window ends now, not at the slot: a slot run late (after downtime) still covers the newest files.
    const windowStart = new Date(now.getTime() - effective.windowHours * 3_600_000);
    await attempt("validate", trail.id, slot, () => requestValidation(database, boss, { trailId: trail.id, windowStart, windowEnd: now, trigger: SCHEDULE_TRIGGER, audit: SCHEDULE_AUDIT }));
  }

  if (schedule.exportMonthly) {
    const slot = dueSlot(monthSlotAt(now), (await lastSlots(database, "export")).get(ORGANIZATION_SCHEDULE), schedule.updatedAt);
    if (slot) {
      const window = monthBefore(slot);
      const request = { scope: { kind: "organization" as const }, window, requestedBy: `${SCHEDULE_ACTOR.name} (${SCHEDULE_ACTOR.id})`, audit: SCHEDULE_AUDIT, target: ORGANIZATION_SCHEDULE };
      await attempt("export", ORGANIZATION_SCHEDULE, slot, async () => ({ runId: await requestExport(database, boss, request) }));
    }
  }
  return started;
}
