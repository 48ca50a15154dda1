import { test } from "vitest";

// The comparisons with the real AWS CLI are the independent judge of TrailProof's verdicts. On a laptop without it
// they are skipped (with a warning); under CI=true a skip would let the run pass without that judge, so the suite
// fails instead, with a test that says what is missing.

/** Whether this is a CI run: CI set to anything but "" / "0" / "false" (CI=1 too, as playwright.config.ts reads it). */
export function onCi(value = process.env.CI): boolean {
  return value !== undefined && !["", "0", "false"].includes(value.trim().toLowerCase());
}

/** Whether to skip a suite that needs `problem` solved (null: nothing missing). Call it at module level. */
export function skipWithoutJudge(suite: string, problem: string | null): boolean {
  if (problem === null) return false;
  if (onCi()) {
    test(`${suite} cannot run under CI=true`, () => {
      throw new Error(`${suite} needs ${problem}; with CI=true it must run, not skip`);
    });
  } else {
    console.warn(`${suite} skipped: ${problem}`);
  }
  return true;
}
