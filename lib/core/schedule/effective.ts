import { slotAt } from "@/lib/core/schedule/interval";

// What applies to one trail once the organization's defaults, its account's override and its own are combined, and
// whether a slot is due. Pure: the worker, Settings and the CLI all decide from the same rules.

export interface Defaults {
  validateEveryMinutes: number;
  windowHours: number;
  paused: boolean;
  updatedAt: Date;
}

export interface Override {
  validateEveryMinutes: number | null;
  windowHours: number | null;
  paused: boolean;
  updatedAt: Date;
}

export interface EffectiveValidation {
  everyMinutes: number;
  windowHours: number;
  /** What paused it, if anything: the whole schedule wins over the account, the account over the trail. */
  pausedBy: "schedule" | "account" | "trail" | null;
  /** The newest change that applies: slots at or before it were not missed, whatever the last run was. */
  since: Date;
}

/** The trail's own setting wins over its account's, which wins over the organization's. */
export function effectiveValidation(defaults: Defaults, account?: Override | null, trail?: Override | null): EffectiveValidation {
  const pausedBy = defaults.paused ? "schedule" : account?.paused ? "account" : trail?.paused ? "trail" : null;
  const changes = [defaults.updatedAt, account?.updatedAt, trail?.updatedAt].filter((d): d is Date => d instanceof Date);
  return {
    everyMinutes: trail?.validateEveryMinutes ?? account?.validateEveryMinutes ?? defaults.validateEveryMinutes,
    windowHours: trail?.windowHours ?? account?.windowHours ?? defaults.windowHours,
    pausedBy,
    since: new Date(Math.max(...changes.map((d) => d.getTime()))),
  };
}

/**
 * The slot to run now, or null. Only the newest slot is ever due: slots missed while every worker was down run once,
 * as that one, not once each. A slot already claimed, or not after the last change (creating the schedule, changing
 * it, resuming it), is not due.
 */
export function dueSlot(slot: Date, lastClaimed: Date | undefined, since: Date): Date | null {
  if (lastClaimed && slot.getTime() <= lastClaimed.getTime()) return null;
  if (slot.getTime() <= since.getTime()) return null;
  return slot;
}

/** The interval's newest slot, if due (see dueSlot). */
export function dueIntervalSlot(everyMinutes: number, now: Date, lastClaimed: Date | undefined, since: Date): Date | null {
  return dueSlot(slotAt(everyMinutes, now), lastClaimed, since);
}
