import "server-only";
import { db } from "@/lib/db/client";
import type { HeatmapFilters } from "@/lib/db/heatmaps-repository";
import { checklistHeatmapWithExceptions, type ExceptedChecklistHeatmap } from "@/lib/services/exceptions/checklist-heatmap";

export type { CellStatus, HeatmapAccount, HeatmapFilters } from "@/lib/db/heatmaps-repository";
export type { ExceptedChecklistHeatmap as ChecklistHeatmap } from "@/lib/services/exceptions/checklist-heatmap";

/** The organization overview's heatmap, for the filters in its URL, with the exceptions active now. */
export function getChecklistHeatmap(filters: HeatmapFilters): Promise<ExceptedChecklistHeatmap> {
  return checklistHeatmapWithExceptions(db(), filters);
}
