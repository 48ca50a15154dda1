/**
 * Compliance score, severity-weighted.
 *
 *   weight(critical) = 10, weight(high) = 5, weight(medium) = 3, weight(low) = 1, weight(informational) = 0
 *
 *   score = 100 × Σ weight(r) over results r with status pass
 *               ─────────────────────────────────────────────────
 *               Σ weight(r) over results r with status pass or fail
 *
 * Results with status error (we could not read the evidence) or not_applicable count in neither sum; they are
 * reported as separate counts. When the denominator is 0 (every result errored or was not applicable, or only
 * informational checks were decided) the score is null, never 100: a trail we could not read is not compliant.
 *
 * - Trail score: over that trail's results.
 * - Account score: the same formula over all results of all trails visible in the account, its own and the
 *   organization trails it inherits.
 * - Organization score: the same formula over every account's results, so an organization trail counts once per
 *   account that inherits it, as it protects each of them.
 *
 * Exceptions (docs/exceptions.md). Every score exists twice. "Without exceptions" is the formula above, whatever
 * exceptions exist. "With exceptions" takes a fail that an active exception covers (flagged `excepted`) out of both
 * sums; everything else counts as above (an excepted pass still earns its weight: an exception hides nothing good):
 *
 *   score with exceptions = 100 × Σ weight(r) over results r with status pass
 *                                 ─────────────────────────────────────────────────────────────
 *                                 Σ weight(r) over results r with status pass, or fail and not excepted
 *
 * so its denominator is the one above less Σ weight(r) over excepted fails, and it is null when that leaves 0 (every
 * decided result an excepted fail). Counts keep the real status: an excepted fail counts as a fail, and apart in
 * `excepted`.
 *
 * Scores are not rounded here; presentation rounds.
 */
import { checkById } from "@/lib/core/checks/registry";
import type { CheckResult, CheckStatus, Severity } from "@/lib/core/checks/types";

export { evaluateTrail } from "@/lib/core/checks/evaluate-trail";

export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = {
  critical: 10,
  high: 5,
  medium: 3,
  low: 1,
  informational: 0,
};

export interface ScoreInput {
  status: CheckStatus;
  severity: Severity;
  /** An active exception covers this result (only a fail's weight changes: see the header). */
  excepted?: boolean;
}

/** "without": today's score, exceptions ignored; "with": excepted fails out of both sums. */
export type ExceptionsMode = "with" | "without";

export interface Score {
  /** 0–100, or null when nothing weighted was decided. */
  score: number | null;
  /** Σ weight over passes. */
  earnedWeight: number;
  /** Σ weight over passes and fails. */
  possibleWeight: number;
  counts: Record<CheckStatus, number>;
  /** Fails an active exception covers (also counted in counts.fail). */
  excepted: number;
}

/** The formula above from its two sums: what stored sums (the trends' daily rollup) are re-scored with. */
export function scoreFromWeights(earnedWeight: number, possibleWeight: number): number | null {
  return possibleWeight === 0 ? null : (100 * earnedWeight) / possibleWeight;
}

/** The formula above over any set of results: without exceptions unless asked. */
export function computeScore(results: Iterable<ScoreInput>, mode: ExceptionsMode = "without"): Score {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, error: 0, not_applicable: 0 };
  let earnedWeight = 0;
  let possibleWeight = 0;
  let excepted = 0;
  for (const { status, severity, excepted: covered } of results) {
    counts[status] += 1;
    if (status === "fail" && covered) {
      excepted += 1;
      if (mode === "with") continue;
    }
    if (status !== "pass" && status !== "fail") continue;
    const weight = SEVERITY_WEIGHTS[severity];
    possibleWeight += weight;
    if (status === "pass") earnedWeight += weight;
  }
  return {
    score: scoreFromWeights(earnedWeight, possibleWeight),
    earnedWeight,
    possibleWeight,
    counts,
    excepted,
  };
}

/** Both scores of the same results: what the overview and account pages show side by side. */
export function scoresWithAndWithout(results: readonly ScoreInput[]): { with: Score; without: Score } {
  return { with: computeScore(results, "with"), without: computeScore(results, "without") };
}

/** The severity of a stored result comes from its check's definition. */
export function toScoreInput(result: Pick<CheckResult, "checkId" | "status">): ScoreInput {
  const check = checkById(result.checkId);
  if (!check) throw new Error(`Unknown check id ${result.checkId}: cannot weigh its result`);
  return { status: result.status, severity: check.severity };
}

export type TrailResults = readonly CheckResult[];
/** The results of every trail visible in one account: its own and the inherited organization trails. */
export type AccountResults = readonly TrailResults[];

export function scoreTrail(results: TrailResults): Score {
  return computeScore(results.map(toScoreInput));
}

export function scoreAccount(trails: AccountResults): Score {
  return scoreTrail(trails.flat());
}

export function scoreOrganization(accounts: readonly AccountResults[]): Score {
  return scoreTrail(accounts.flat(2));
}

/** Heatmap precedence: a cell shows its worst trail. */
const STATUS_RANK: Record<CheckStatus, number> = { fail: 3, error: 2, pass: 1, not_applicable: 0 };

/** The worst of the statuses (fail > error > pass > not_applicable), or null when there are none. */
export function worstStatus(statuses: Iterable<CheckStatus>): CheckStatus | null {
  let worst: CheckStatus | null = null;
  for (const status of statuses) {
    if (worst === null || STATUS_RANK[status] > STATUS_RANK[worst]) worst = status;
  }
  return worst;
}
