import type { CellStatus, HeatmapFilters } from "@/lib/data/checklist-heatmap";

type SearchParams = Record<string, string | string[] | undefined>;

const CELL_STATUSES: readonly CellStatus[] = ["fail", "excepted", "error", "pass", "not_applicable"];

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

/** The overview's filters from its URL; anything unknown is ignored rather than an error page. */
export function parseHeatmapFilters(params: SearchParams): HeatmapFilters {
  const status = first(params.status);
  const sort = first(params.sort);
  return {
    ou: first(params.ou),
    region: first(params.region),
    q: first(params.q)?.slice(0, 64),
    status: CELL_STATUSES.includes(status as CellStatus) ? (status as CellStatus) : undefined,
    sort: sort === "score" || sort === "id" || sort === "name" ? sort : undefined,
    page: Math.max(0, Math.floor(Number(first(params.page) ?? 0)) || 0),
  };
}
