import Link from "next/link";
import { TREND_RANGES, type TrendRange } from "@/lib/data/trends";

type SearchParams = Record<string, string | string[] | undefined>;

/** 30 / 90 / 365 days, as links that set `?trend=` and keep every other parameter of the URL (the heatmap's filters). */
export function TrendRangeLinks({ params, selected }: { params: SearchParams; selected: TrendRange }) {
  const href = (range: TrendRange) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (key !== "trend" && typeof value === "string" && value) query.set(key, value);
    if (range !== 30) query.set("trend", String(range));
    const search = query.toString();
    return `?${search}#trends`;
  };
  return (
    <nav aria-label="Trend range" className="flex gap-1 text-sm">
      {TREND_RANGES.map((range) => (
        <Link
          key={range}
          href={href(range)}
          aria-current={range === selected ? "true" : undefined}
          className={`rounded border px-2 py-0.5 ${range === selected ? "border-slate-800 bg-slate-800 text-white" : "border-slate-300 bg-white hover:bg-slate-50"}`}
        >
          {range} days
        </Link>
      ))}
    </nav>
  );
}
