import { expect } from "@playwright/test";

// The demo's first start (lib/jobs/first-start.ts) scans, then validates every trail with log file validation on, in
// the background. Tests that count runs or expect their own request not to join one wait until it is done.

export interface FirstStartRuns {
  scans: number;
  validations: number;
  active: number;
  /** Distinct trails whose first-start validation stored file verdicts. */
  trailsWithVerdicts: number;
}

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

export async function firstStartRuns(query: Query): Promise<FirstStartRuns> {
  const [row] = await query(
    `SELECT (SELECT count(*)::int FROM scan_runs WHERE trigger = 'first-start' AND status IN ('succeeded', 'partial')) AS scans,
            (SELECT count(*)::int FROM validation_runs WHERE trigger = 'first-start') AS validations,
            (SELECT count(*)::int FROM scan_runs WHERE status IN ('queued', 'running'))
              + (SELECT count(*)::int FROM validation_runs WHERE trigger = 'first-start' AND status IN ('queued', 'running')) AS active,
            (SELECT count(DISTINCT v.trail_id)::int FROM validation_runs v JOIN file_verdicts f ON f.run_id = v.id WHERE v.trigger = 'first-start') AS "trailsWithVerdicts"`,
  );
  return row as unknown as FirstStartRuns;
}

/** Waits until the first start's scan and its validations of `validatedTrails` trails have all finished. */
export async function firstStartSettled(query: Query, validatedTrails: number): Promise<FirstStartRuns> {
  await expect.poll(() => firstStartRuns(query), { timeout: 400_000, intervals: [2_000] }).toMatchObject({ scans: 1, validations: validatedTrails, active: 0 });
  return firstStartRuns(query);
}
