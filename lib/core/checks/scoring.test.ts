import { describe, expect, test } from "vitest";
import { CHECKS } from "@/lib/core/checks/registry";
import {
  computeScore,
  scoresWithAndWithout,
  scoreAccount,
  scoreOrganization,
  scoreTrail,
  toScoreInput,
  worstStatus,
  type ScoreInput,
} from "@/lib/core/checks/scoring";
import type { CheckResult, CheckStatus } from "@/lib/core/checks/types";

/** One result per registered check, all passing unless overridden. */
function trailResults(overrides: Record<string, CheckStatus> = {}): CheckResult[] {
  return CHECKS.map((check) => ({
    checkId: check.id,
    status: overrides[check.id] ?? "pass",
    reason: "",
    evidence: {},
  }));
}

// Registry weights: critical logging_enabled, multi_region, bucket_not_public = 30; high management_events,
// log_file_validation, kms_cmk, bucket_public_access_block = 20; medium recent_delivery, log_group_encrypted,
// bucket_mfa_delete, kms_key_rotation = 12; low bucket_access_logging, log_group_retention = 2. Total 64.
const ALL_PASS = trailResults();
const AWS_MANAGED_KEY = trailResults({ kms_cmk: "fail", kms_key_rotation: "not_applicable" });
const STOPPED = trailResults({ logging_enabled: "fail", multi_region: "fail", recent_delivery: "fail" });
const UNREADABLE = trailResults(Object.fromEntries(CHECKS.map((check) => [check.id, "error" as const])));

describe("computeScore", () => {
  test.each<{ label: string; inputs: ScoreInput[]; score: number | null; earned: number; possible: number }>([
    { label: "nothing at all", inputs: [], score: null, earned: 0, possible: 0 },
    {
      label: "one critical pass, one critical fail",
      inputs: [
        { status: "pass", severity: "critical" },
        { status: "fail", severity: "critical" },
      ],
      score: 50,
      earned: 10,
      possible: 20,
    },
    {
      // earned 10 + 3 = 13; possible 10 + 5 + 3 + 1 + 0 = 19; the error and the not_applicable weigh nothing.
      label: "every severity and status",
      inputs: [
        { status: "pass", severity: "critical" },
        { status: "fail", severity: "high" },
        { status: "pass", severity: "medium" },
        { status: "fail", severity: "low" },
        { status: "fail", severity: "informational" },
        { status: "error", severity: "critical" },
        { status: "not_applicable", severity: "high" },
      ],
      score: (100 * 13) / 19,
      earned: 13,
      possible: 19,
    },
    {
      label: "only errors and not applicable: null, not 100",
      inputs: [
        { status: "error", severity: "critical" },
        { status: "not_applicable", severity: "medium" },
      ],
      score: null,
      earned: 0,
      possible: 0,
    },
    {
      label: "only informational results decided: null",
      inputs: [{ status: "fail", severity: "informational" }],
      score: null,
      earned: 0,
      possible: 0,
    },
  ])("$label → $score", ({ inputs, score, earned, possible }) => {
    const result = computeScore(inputs);
    if (score === null) expect(result.score).toBeNull();
    else expect(result.score).toBeCloseTo(score, 10);
    expect({ earned: result.earnedWeight, possible: result.possibleWeight }).toEqual({ earned, possible });
    expect(Object.values(result.counts).reduce((sum, count) => sum + count, 0)).toBe(inputs.length);
  });

  test("reports errors and not-applicable as separate counts", () => {
    expect(
      computeScore([
        { status: "error", severity: "critical" },
        { status: "error", severity: "low" },
        { status: "not_applicable", severity: "medium" },
        { status: "pass", severity: "low" },
      ]).counts,
    ).toEqual({ pass: 1, fail: 0, error: 2, not_applicable: 1 });
  });
});

describe("trail, account and organization scores", () => {
  test.each([
    { label: "trail: all pass", score: () => scoreTrail(ALL_PASS), expected: 100 },
    // kms_cmk (high, 5) fails; kms_key_rotation (medium, 3) leaves the denominator: 56 / 61.
    { label: "trail: AWS-managed key", score: () => scoreTrail(AWS_MANAGED_KEY), expected: (100 * 56) / 61 },
    // 64 − 10 − 10 − 3 = 41 earned of 64.
    { label: "trail: stopped", score: () => scoreTrail(STOPPED), expected: (100 * 41) / 64 },
    // own trail 64/64 plus inherited organization trail 41/64 → 105 / 128 = 82.03125.
    { label: "account: own + inherited", score: () => scoreAccount([ALL_PASS, STOPPED]), expected: 82.03125 },
    // The unreadable trail adds nothing to either sum.
    {
      label: "account: an unreadable trail is excluded",
      score: () => scoreAccount([ALL_PASS, UNREADABLE]),
      expected: 100,
    },
    // management account [own, org] and member [org inherited] → (64 + 41 + 41) / 192.
    {
      label: "organization: the org trail counts in every account that inherits it",
      score: () => scoreOrganization([[ALL_PASS, STOPPED], [STOPPED]]),
      expected: (100 * 146) / 192,
    },
  ])("$label → $expected", ({ score, expected }) => {
    expect(score().score).toBeCloseTo(expected, 10);
  });

  test("a trail whose reads all failed scores null with every result counted as error", () => {
    expect(scoreTrail(UNREADABLE)).toEqual({
      score: null,
      earnedWeight: 0,
      possibleWeight: 0,
      counts: { pass: 0, fail: 0, error: CHECKS.length, not_applicable: 0 },
      excepted: 0,
    });
  });

  test("an account with no trails scores null", () => {
    expect(scoreAccount([]).score).toBeNull();
  });

  test("a result of an unknown check cannot be weighed", () => {
    expect(() => toScoreInput({ checkId: "retired_check", status: "pass" })).toThrow("retired_check");
  });
});

describe("worstStatus", () => {
  test.each<{ label: string; statuses: CheckStatus[]; expected: CheckStatus | null }>([
    { label: "no trails", statuses: [], expected: null },
    { label: "only not applicable", statuses: ["not_applicable"], expected: "not_applicable" },
    { label: "pass beats not applicable", statuses: ["not_applicable", "pass"], expected: "pass" },
    { label: "error beats pass", statuses: ["pass", "error", "not_applicable"], expected: "error" },
    { label: "fail beats everything", statuses: ["error", "pass", "fail", "not_applicable"], expected: "fail" },
  ])("$label → $expected", ({ statuses, expected }) => {
    expect(worstStatus(statuses)).toBe(expected);
  });
});

// Hand-computed from the header's formula: critical = 10, high = 5, medium = 3.
describe("scores with and without exceptions", () => {
  const results: ScoreInput[] = [
    { status: "pass", severity: "critical" }, // 10 earned
    { status: "fail", severity: "critical", excepted: true }, // 10 possible without; out of both sums with
    { status: "fail", severity: "high" }, // 5 possible
    { status: "pass", severity: "medium", excepted: true }, // an excepted pass still earns 3
    { status: "error", severity: "high", excepted: true }, // never in the sums
  ];
  test.each<{ mode: "with" | "without"; score: number; earned: number; possible: number }>([
    { mode: "without", score: (100 * 13) / 28, earned: 13, possible: 28 },
    { mode: "with", score: (100 * 13) / 18, earned: 13, possible: 18 },
  ])("$mode exceptions", ({ mode, score, earned, possible }) => {
    const computed = computeScore(results, mode);
    expect(computed.score).toBeCloseTo(score, 10);
    expect([computed.earnedWeight, computed.possibleWeight]).toEqual([earned, possible]);
    expect(computed.counts).toEqual({ pass: 2, fail: 2, error: 1, not_applicable: 0 });
    expect(computed.excepted).toBe(1);
  });
  test("without is the default, and today's score", () => {
    expect(computeScore(results).score).toBeCloseTo((100 * 13) / 28, 10);
    expect(scoresWithAndWithout(results).with.score).toBeCloseTo((100 * 13) / 18, 10);
  });
  test("every decided result an excepted fail: null with exceptions, 0 without", () => {
    const only = [{ status: "fail", severity: "high", excepted: true }] as const;
    expect(computeScore(only, "with").score).toBeNull();
    expect(computeScore(only, "without").score).toBe(0);
  });
});
