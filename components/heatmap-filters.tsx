import type { HeatmapFilters } from "@/lib/data/checklist-heatmap";

// A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared, and works without
// JavaScript.
export function HeatmapFiltersForm({ filters, organizationalUnits, regions }: { filters: HeatmapFilters; organizationalUnits: string[]; regions: string[] }) {
  const select = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";
  return (
    <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter the heatmap">
      <div className="flex flex-col gap-1 text-slate-700">
        <label htmlFor="filter-q">Search</label>
        <input id="filter-q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="account id or name" className={select} />
      </div>
      <div className="flex flex-col gap-1 text-slate-700">
        <label htmlFor="filter-ou">Organizational unit</label>
        <select id="filter-ou" name="ou" defaultValue={filters.ou ?? ""} className={select}>
          <option value="">all</option>
          {organizationalUnits.map((ou) => (
            <option key={ou}>{ou}</option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1 text-slate-700">
        <label htmlFor="filter-region">Region</label>
        <select id="filter-region" name="region" defaultValue={filters.region ?? ""} className={select}>
          <option value="">all</option>
          {regions.map((region) => (
            <option key={region}>{region}</option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1 text-slate-700">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" name="status" defaultValue={filters.status ?? ""} className={select}>
          <option value="">any</option>
          <option value="fail">has a failing check</option>
          <option value="excepted">has an excepted check</option>
          <option value="error">has an unreadable check</option>
        </select>
      </div>
      <div className="flex flex-col gap-1 text-slate-700">
        <label htmlFor="filter-sort">Sort by</label>
        <select id="filter-sort" name="sort" defaultValue={filters.sort ?? "name"} className={select}>
          <option value="name">name</option>
          <option value="score">score with exceptions, worst first</option>
          <option value="id">account id</option>
        </select>
      </div>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1 font-medium text-slate-800 hover:bg-slate-100">
        Apply
      </button>
    </form>
  );
}
