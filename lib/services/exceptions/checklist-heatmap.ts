import type { Database } from "@/lib/db/client";
import { activeExceptions } from "@/lib/db/exceptions-repository";
import { queryChecklistHeatmap, type ChecklistHeatmap, type HeatmapAccount, type HeatmapFilters } from "@/lib/db/heatmaps-repository";
import { exceptionNote } from "@/lib/core/exceptions/apply";

// The overview's heatmap with the exceptions active now: each account's score with exceptions beside the stored one
// (without), and the cells whose failures an exception covers. The stored verdicts are untouched; only this view of
// them changes, so an exception that expires or is revoked stops showing at the next page load. The repository applies
// them in SQL, so the status filter and the score sort see the cells and scores the page shows.

export interface ExceptedHeatmapAccount extends HeatmapAccount {
  /** check id → what the excepted cell says on hover and focus ("excepted by … until …: why"). */
  excepted: Record<string, string>;
}

export interface ExceptedChecklistHeatmap extends Omit<ChecklistHeatmap, "accounts"> {
  accounts: ExceptedHeatmapAccount[];
}

export async function checklistHeatmapWithExceptions(database: Database, filters: HeatmapFilters, now = new Date()): Promise<ExceptedChecklistHeatmap> {
  // Finding exceptions belong to the integrity heatmap.
  const checkExceptions = (await activeExceptions(database, now)).filter((e) => e.scope !== "finding");
  const heatmap = await queryChecklistHeatmap(database, filters, checkExceptions);
  return {
    ...heatmap,
    accounts: heatmap.accounts.map((a) => ({
      ...a,
      excepted: Object.fromEntries(Object.entries(a.exceptedBy).map(([checkId, index]) => [checkId, exceptionNote(checkExceptions[index]!)])),
    })),
  };
}
