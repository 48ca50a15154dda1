import type { Database } from "@/lib/db/client";
import { activeExceptions } from "@/lib/db/exceptions-repository";
import { queryIntegrityHeatmap, type HeatmapFilters, type IntegrityHeatmapRow } from "@/lib/db/heatmaps-repository";
import { exceptIntegrityCell, exceptionNote } from "@/lib/core/exceptions/apply";

// The integrity heatmap with the finding-scoped exceptions active now: a day whose every problem is excepted shows as
// excepted (exceptIntegrityCell), with the exceptions' notes on hover and focus; its counts stay as validated.

export async function integrityHeatmapWithExceptions(
  database: Database,
  window: { from: Date; to: Date },
  filters: Pick<HeatmapFilters, "ou" | "q" | "region" | "page">,
  pageSize: number,
  now = new Date(),
): Promise<{ accounts: IntegrityHeatmapRow[]; matchingAccounts: number }> {
  const [heatmap, active] = await Promise.all([queryIntegrityHeatmap(database, window, filters, pageSize), activeExceptions(database, now)]);
  const notes = new Map<string, string[]>();
  for (const e of active) {
    if (e.scope !== "finding" || !e.accountId || !e.objectTime) continue;
    const key = `${e.accountId} ${e.objectTime.toISOString().slice(0, 10)}`;
    notes.set(key, [...(notes.get(key) ?? []), `${e.findingLabel ?? e.findingId}: ${exceptionNote(e)}`]);
  }
  if (notes.size === 0) return heatmap;
  return {
    ...heatmap,
    accounts: heatmap.accounts.map((a) => ({ ...a, days: Object.fromEntries(Object.entries(a.days).map(([day, cell]) => [day, exceptIntegrityCell(cell, notes.get(`${a.id} ${day}`) ?? [])])) })),
  };
}
