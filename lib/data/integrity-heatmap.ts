import "server-only";
import { db } from "@/lib/db/client";
import type { HeatmapFilters, IntegrityHeatmapRow } from "@/lib/db/heatmaps-repository";
import { integrityHeatmapWithExceptions } from "@/lib/services/exceptions/integrity-heatmap";

export const INTEGRITY_WINDOWS = [7, 14, 30, 90] as const;

export interface IntegrityHeatmap {
  days: string[];
  accounts: IntegrityHeatmapRow[];
  matchingAccounts: number;
  pageSize: number;
}

/** About 4,000 cells a page: a 90-day window shows fewer accounts at once than a 14-day one. */
const CELLS_PER_PAGE = 4000;

/** Accounts by the last `days` UTC days, today included. */
export async function getIntegrityHeatmap(days: number, filters: Pick<HeatmapFilters, "ou" | "q" | "region" | "page">, now = new Date()): Promise<IntegrityHeatmap> {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  const columns = Array.from({ length: days }, (_, i) => new Date(from.getTime() + i * 86_400_000).toISOString().slice(0, 10));
  const pageSize = Math.max(25, Math.min(200, Math.floor(CELLS_PER_PAGE / days)));
  return { days: columns, pageSize, ...(await integrityHeatmapWithExceptions(db(), { from, to }, filters, pageSize, now)) };
}
