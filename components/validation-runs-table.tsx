import Link from "next/link";
import { utc } from "@/components/format";
import { TableHead } from "@/components/table-head";

export interface RunRow {
  id: string;
  status: string;
  trigger: string;
  windowStart: Date;
  windowEnd: Date;
  digestsDone: number;
  logsDone: number;
  invalidCount: number;
  missingCount: number;
  unreadableCount: number;
  createdAt: Date;
  error: string | null;
  trail?: { name: string };
}

export function ValidationRunsTable({ runs, caption }: { runs: RunRow[]; caption: string }) {
  if (runs.length === 0) return <p className="text-sm text-slate-600">No validation yet. “Validate now” checks every digest and log file of the window.</p>;
  return (
    <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
      <caption className="sr-only">{caption}</caption>
      <TableHead columns={["Run", runs[0]?.trail ? "Trail" : null, "Status", "Window", "Files", "Invalid / missing / unreadable"]} />
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} className="border-t border-slate-100">
            <td className="px-3 py-2">
              <Link href={`/validations/${run.id}`} className="underline-offset-2 hover:underline">
                {utc(run.createdAt)}
              </Link>
              <div className="text-xs text-slate-500">{run.trigger}</div>
            </td>
            {run.trail ? <td className="px-3 py-2">{run.trail.name}</td> : null}
            <td className="px-3 py-2">
              {run.status}
              {run.error ? <div className="max-w-xs truncate text-xs text-red-700" title={run.error}>{run.error}</div> : null}
            </td>
            <td className="px-3 py-2 text-xs">
              {utc(run.windowStart)} – {utc(run.windowEnd)}
            </td>
            <td className="px-3 py-2 tabular-nums">
              {run.digestsDone} digests, {run.logsDone} logs
            </td>
            <td className={`px-3 py-2 tabular-nums ${run.invalidCount + run.missingCount + run.unreadableCount > 0 ? "font-semibold text-orange-800" : ""}`}>
              {run.invalidCount} / {run.missingCount} / {run.unreadableCount}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
