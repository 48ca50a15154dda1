import "server-only";
import { scoreFromWeights } from "@/lib/core/checks/scoring";
import { db } from "@/lib/db/client";
import { queryIntegrityDays, queryScoreDays, type DayRange } from "@/lib/db/trends-repository";

// The trend charts' data (docs/trends.md): one point per UTC day of the range, aggregated in PostgreSQL, scored here
// with scoring.ts's formula over the day's sums.

export const TREND_RANGES = [30, 90, 365] as const;
export type TrendRange = (typeof TREND_RANGES)[number];

/** `?trend=90` → 90; anything else → 30. */
export function parseTrendRange(value: string | string[] | undefined): TrendRange {
  const days = Number(Array.isArray(value) ? value[0] : value);
  return TREND_RANGES.find((range) => range === days) ?? 30;
}

export interface TrendPoint {
  day: string;
  /** 0–100, unrounded; null when no account had a decided weighted result by then. */
  score: number | null;
  /** Accounts with a known state that day, and how many of them were scanned that very day (the rest carried). */
  accountsKnown: number;
  accountsScanned: number;
  failing: { critical: number; high: number; medium: number; low: number; informational: number };
  integrity: { validated: boolean; invalid: number; missing: number; gaps: number; tampering: number };
}

/** The last `days` UTC days, today included. */
export function trendRange(days: number, now = new Date()): DayRange {
  const to = now.toISOString().slice(0, 10);
  const from = new Date(Date.parse(to) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

/** The organization's trends, or one account's with `accountId`. */
export async function getTrends(days: TrendRange, accountId?: string, now = new Date()): Promise<TrendPoint[]> {
  const range = trendRange(days, now);
  const database = db();
  const [scores, integrity] = await Promise.all([queryScoreDays(database, range, accountId), queryIntegrityDays(database, range, accountId)]);
  const integrityByDay = new Map(integrity.map((row) => [row.day, row]));
  return scores.map((row) => {
    const day = integrityByDay.get(row.day);
    return {
      day: row.day,
      score: scoreFromWeights(row.earnedWeight, row.possibleWeight),
      accountsKnown: row.accountsKnown,
      accountsScanned: row.accountsScanned,
      failing: { critical: row.failCritical, high: row.failHigh, medium: row.failMedium, low: row.failLow, informational: row.failInformational },
      integrity: {
        validated: day?.validated ?? false,
        invalid: day?.invalid ?? 0,
        missing: day?.missing ?? 0,
        gaps: day?.gaps ?? 0,
        tampering: day?.tampering ?? 0,
      },
    };
  });
}
