import type { Database } from "@/lib/db/client";
import { activeExceptions, type ExceptionRow } from "@/lib/db/exceptions-repository";
import { queryChecklistHeatmap, queryLatestResults, type ChecklistHeatmap, type HeatmapAccount, type HeatmapFilters, type LatestResult } from "@/lib/db/heatmaps-repository";
import { applyExceptions, exceptionNote } from "@/lib/core/exceptions/apply";

// The overview's heatmap with the exceptions active now: each account's score with exceptions beside the stored one
// (without), and the cells whose failures an exception covers. The stored verdicts are untouched; only this view of
// them changes, so an exception that expires or is revoked stops showing at the next page load.

export interface ExceptedHeatmapAccount extends HeatmapAccount {
  /** The score with exceptions (scoring.ts); `score` is the one without. */
  scoreWithExceptions: number | null;
  /** check id → what the excepted cell says on hover and focus ("excepted by … until …: why"). */
  excepted: Record<string, string>;
}

export interface ExceptedChecklistHeatmap extends Omit<ChecklistHeatmap, "accounts"> {
  accounts: ExceptedHeatmapAccount[];
}

export async function checklistHeatmapWithExceptions(database: Database, filters: HeatmapFilters, now = new Date()): Promise<ExceptedChecklistHeatmap> {
  const [heatmap, active] = await Promise.all([queryChecklistHeatmap(database, filters), activeExceptions(database, now)]);
  const checkExceptions = active.filter((e) => e.scope !== "finding");
  if (checkExceptions.length === 0) return { ...heatmap, accounts: heatmap.accounts.map((a) => ({ ...a, scoreWithExceptions: a.score, excepted: {} })) };
  const scanned = heatmap.accounts.filter((a) => a.scanId !== null).map((a) => ({ accountId: a.id, scanId: a.scanId! }));
  const byAccount = new Map<string, LatestResult[]>();
  for (const result of await queryLatestResults(database, scanned, filters.region)) {
    const list = byAccount.get(result.accountId) ?? [];
    list.push(result);
    byAccount.set(result.accountId, list);
  }
  return {
    ...heatmap,
    accounts: heatmap.accounts.map((a) => {
      if (a.scanId === null) return { ...a, scoreWithExceptions: a.score, excepted: {} };
      const applied = applyExceptions<ExceptionRow>(a, byAccount.get(a.id) ?? [], checkExceptions);
      const excepted = Object.fromEntries([...applied.exceptedCells].map(([checkId, e]) => [checkId, exceptionNote(e)]));
      return { ...a, scoreWithExceptions: applied.scoreWithExceptions, excepted };
    }),
  };
}
