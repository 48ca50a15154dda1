import type { IntegrityCell, IntegrityHeatmapRow } from "@/lib/db/heatmaps-repository";

// The heatmaps' rows as their client components receive them: compact, because a client component's props travel to
// the browser a second time as JSON. Plain functions, callable from server components (a "use client" module's
// exports are not).

export interface HeatmapRow {
  id: string;
  name: string;
  ouPath: string | null;
  score: number | null;
  /** The score with exceptions (equal to score when none applies). */
  scoreWithExceptions: number | null;
  scanError: string | null;
  /** One letter per column: f(ail), x (excepted fail), e(rror), p(ass), n(ot applicable), -(no result). */
  codes: string;
  /** check id → the exception's note, for the excepted cells only. */
  excepted: Record<string, string>;
}

export const CODE_STATUS: Record<string, string> = { f: "fail", x: "excepted", e: "error", p: "pass", n: "not_applicable", "-": "none" };

export function heatmapCode(status: string | undefined): string {
  return status === "excepted" ? "x" : status === "not_applicable" ? "n" : status ? status[0]! : "-";
}

export interface IntegrityRow {
  id: string;
  name: string;
  /** A cell per column (day), null where nothing was validated. */
  cells: (IntegrityCell | null)[];
}

export function compactIntegrityRows(accounts: IntegrityHeatmapRow[], days: string[]): IntegrityRow[] {
  return accounts.map((a) => ({ id: a.id, name: a.name, cells: days.map((day) => a.days[day] ?? null) }));
}
