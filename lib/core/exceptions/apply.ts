import { computeScore } from "@/lib/core/checks/scoring";
import type { CheckStatus, Severity } from "@/lib/core/checks/types";
import { coveringException } from "@/lib/core/exceptions/coverage";
import type { ExceptionFacts } from "@/lib/core/exceptions/exception";

// What active exceptions change on the checklist heatmap and in scores, from one account's stored results: the score
// with exceptions (scoring.ts) and which cells show "excepted". A cell is excepted when its worst status is fail and
// every failing result in it is covered: one uncovered failing trail keeps the cell a fail.
//
// The overview computes the same in SQL, so that its filter, sort and pages agree with its cells
// (lib/db/heatmaps-repository.ts); applyExceptions is the rule's plain statement, and
// lib/services/exceptions/checklist-heatmap.int.test.ts holds the SQL to it account by account, beside hand-written
// expectations.

export interface ResultToJudge {
  checkId: string;
  status: CheckStatus;
  severity: Severity;
  trailArn: string | null;
  /** False when the heatmap's region filter leaves this result out of the cells (scores still count it). */
  inView: boolean;
}

export interface ExceptionNote {
  id: string;
  justification: string;
  approvedByName: string | null;
  expiresAt: Date;
}

export interface AccountExceptions<E> {
  scoreWithExceptions: number | null;
  /** check id → the exception covering the cell's failures (the first, when several do). */
  exceptedCells: Map<string, E>;
}

export function applyExceptions<E extends ExceptionFacts>(account: { id: string; ouPath: string | null }, results: readonly ResultToJudge[], active: readonly E[]): AccountExceptions<E> {
  const coverOf = (r: ResultToJudge) => (r.status === "fail" ? coveringException(active, { type: "check", checkId: r.checkId, accountId: account.id, ouPath: account.ouPath, trailArn: r.trailArn }) : null);
  const judged = results.map((r) => ({ ...r, cover: coverOf(r) }));
  const score = computeScore(judged.map((r) => ({ status: r.status, severity: r.severity, excepted: r.cover !== null })), "with").score;
  const cells = new Map<string, { fails: number; covered: number; by: E | null }>();
  for (const r of judged) {
    if (!r.inView || r.status !== "fail") continue;
    const cell = cells.get(r.checkId) ?? { fails: 0, covered: 0, by: null };
    cell.fails += 1;
    if (r.cover) {
      cell.covered += 1;
      cell.by ??= r.cover;
    }
    cells.set(r.checkId, cell);
  }
  const exceptedCells = new Map<string, E>();
  for (const [checkId, cell] of cells) if (cell.by && cell.covered === cell.fails) exceptedCells.set(checkId, cell.by);
  return { scoreWithExceptions: score, exceptedCells };
}

/** What a cell's hover and focus say about its exception. */
export function exceptionNote(e: ExceptionNote): string {
  return `excepted by ${e.approvedByName ?? "?"} until ${e.expiresAt.toISOString().slice(0, 10)}: ${e.justification}`;
}

/**
 * An integrity heatmap cell (one account, one day) is excepted when every problem the day's rollup counted (INVALID,
 * missing and unreadable files, tampering and chain findings, gaps) is identified and each is covered by an active
 * exception: `covers` holds, per identified problem, the note of the exception covering it, or null. Fewer identified
 * problems than counted ones leaves the cell as it is: what cannot be named cannot be excepted. The counts stay as
 * stored.
 */
export function exceptIntegrityCell<C extends { status: string; invalid: number; missing: number; gaps: number }>(cell: C, covers: readonly (string | null)[]): C & { excepted?: string } {
  const problems = cell.invalid + cell.missing + cell.gaps;
  if (problems === 0 || covers.length < problems || covers.some((note) => note === null)) return cell;
  return { ...cell, status: "excepted", excepted: [...new Set(covers)].join("; ") };
}
