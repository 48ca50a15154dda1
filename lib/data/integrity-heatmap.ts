import "server-only";
import { db } from "@/lib/db/client";
import { queryIntegrityHeatmap, type HeatmapFilters, type IntegrityHeatmapRow } from "@/lib/db/heatmaps-repository";

export const INTEGRITY_WINDOWS = [7, 14, 30, 90] as const;

export interface IntegrityHeatmap {
  days: string[];
  accounts: IntegrityHeatmapRow[];
  matchingAccounts: number;
}

/** Accounts by the last `days` UTC days, today included. */
export async function getIntegrityHeatmap(days: number, filters: Pick<HeatmapFilters, "ou" | "q" | "region" | "page">, now = new Date()): Promise<IntegrityHeatmap> {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  const columns = Array.from({ length: days }, (_, i) => new Date(from.getTime() + i * 86_400_000).toISOString().slice(0, 10));
  return { days: columns, ...(await queryIntegrityHeatmap(db(), { from, to }, filters)) };
}
