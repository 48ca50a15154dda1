import "server-only";
import { db } from "@/lib/db/client";
import { queryChecklistHeatmap, type ChecklistHeatmap, type HeatmapFilters } from "@/lib/db/heatmaps-repository";

export type { CellStatus, ChecklistHeatmap, HeatmapAccount, HeatmapFilters } from "@/lib/db/heatmaps-repository";

/** The organization overview's heatmap, for the filters in its URL. */
export function getChecklistHeatmap(filters: HeatmapFilters): Promise<ChecklistHeatmap> {
  return queryChecklistHeatmap(db(), filters);
}
