// Schedule intervals: what a person types ("15m", "1h", "24h"), the cron expression pg-boss-style cron would use for
// it, and the slot a moment falls in. Only intervals a cron expression can say without drift are accepted: minutes
// that divide the hour, hours that divide the day, or the whole day. "Every 45 minutes" would need a cron that
// restarts at each hour (:00, :45, :00), so it is refused rather than silently run at uneven gaps.

const MINUTES_DIVIDING_HOUR = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30] as const;
const HOURS_DIVIDING_DAY = [1, 2, 3, 4, 6, 8, 12, 24] as const;
const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;

export class IntervalError extends Error {
  override name = "IntervalError";
}

const ALLOWED = `minutes that divide the hour (${MINUTES_DIVIDING_HOUR.join(", ")}m), hours that divide the day (${HOURS_DIVIDING_DAY.join(", ")}h) or 1d`;

/** "15m", "1h", "24h", "1d" (or a bare number of minutes) → minutes; refuses what no cron expression can say. */
export function parseInterval(text: string): number {
  const match = /^\s*(\d{1,5})\s*(m|min|h|d)?\s*$/i.exec(text);
  if (!match) throw new IntervalError(`"${text}" is not an interval: write a number and m, h or d, e.g. 15m, 1h, 24h`);
  const count = Number(match[1]);
  const unit = (match[2] ?? "m").toLowerCase();
  const minutes = unit === "d" ? count * DAY_MINUTES : unit === "h" ? count * 60 : count;
  assertCronInterval(minutes, text.trim());
  return minutes;
}

/** Throws a message naming what is allowed unless `minutes` is an interval a cron expression can say. */
export function assertCronInterval(minutes: number, shown = `${minutes}m`): void {
  if (!Number.isInteger(minutes) || minutes < 1) throw new IntervalError(`every ${shown}: the shortest interval is 1 minute`);
  if (!isCronInterval(minutes)) throw new IntervalError(`every ${shown} cannot be a cron schedule: use ${ALLOWED}`);
}

export function isCronInterval(minutes: number): boolean {
  if ((MINUTES_DIVIDING_HOUR as readonly number[]).includes(minutes)) return true;
  return minutes % 60 === 0 && (HOURS_DIVIDING_DAY as readonly number[]).includes(minutes / 60);
}

/** The cron expression (UTC) whose firing times are this interval's slots. */
export function cronFor(minutes: number): string {
  assertCronInterval(minutes);
  if (minutes === 1) return "* * * * *";
  if (minutes < 60) return `*/${minutes} * * * *`;
  if (minutes === 60) return "0 * * * *";
  if (minutes === DAY_MINUTES) return "0 0 * * *";
  return `0 */${minutes / 60} * * *`;
}

/** "1m", "15m", "1h", "6h", "24h": how an interval is shown and typed back. */
export function formatInterval(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

/**
 * The newest slot at or before `at`. Every accepted interval divides the day and the Unix epoch is a UTC midnight,
 * so the slots are the multiples of the interval since the epoch: exactly the cron expression's firing times.
 */
export function slotAt(minutes: number, at: Date): Date {
  const size = minutes * MINUTE_MS;
  return new Date(Math.floor(at.getTime() / size) * size);
}

export function nextSlotAfter(minutes: number, at: Date): Date {
  return new Date(slotAt(minutes, at).getTime() + minutes * MINUTE_MS);
}

/** Monthly slots: 00:00 UTC on the first of each month (cron "0 0 1 * *"). */
export const MONTHLY_CRON = "0 0 1 * *";

export function monthSlotAt(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function nextMonthSlotAfter(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

/** The calendar month before a monthly slot: the window a monthly evidence export covers. */
export function monthBefore(slot: Date): { from: Date; to: Date } {
  return { from: new Date(Date.UTC(slot.getUTCFullYear(), slot.getUTCMonth() - 1, 1)), to: new Date(slot.getTime() - 1) };
}
