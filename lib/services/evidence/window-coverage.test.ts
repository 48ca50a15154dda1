import { describe, expect, test } from "vitest";
import { coverageGaps, judgeCoverage, spanDays, uncoveredParts } from "@/lib/services/evidence/window-coverage";

const at = (iso: string) => new Date(iso);
const WINDOW = { from: at("2026-11-01T00:00:00Z"), to: at("2026-12-01T00:00:00Z") };

describe("uncoveredParts", () => {
  test("overlapping and touching spans merge; spans outside the window are clipped; the holes remain", () => {
    const spans = [
      { from: at("2026-10-20T00:00:00Z"), to: at("2026-11-03T00:00:00Z") },
      { from: at("2026-11-02T00:00:00Z"), to: at("2026-11-05T00:00:00Z") },
      { from: at("2026-11-05T00:00:00Z"), to: at("2026-11-06T00:00:00Z") },
      { from: at("2026-11-20T12:00:00Z"), to: at("2026-12-09T00:00:00Z") },
      { from: at("2026-12-10T00:00:00Z"), to: at("2026-12-11T00:00:00Z") },
    ];
    expect(uncoveredParts(WINDOW, spans)).toEqual([{ from: at("2026-11-06T00:00:00Z"), to: at("2026-11-20T12:00:00Z") }]);
  });

  test("no span: the whole window; a span covering it: nothing", () => {
    expect(uncoveredParts(WINDOW, [])).toEqual([WINDOW]);
    expect(uncoveredParts(WINDOW, [{ from: at("2026-10-01T00:00:00Z"), to: at("2027-01-01T00:00:00Z") }])).toEqual([]);
  });

  test("a run ending a minute early leaves that minute uncovered", () => {
    expect(uncoveredParts(WINDOW, [{ from: WINDOW.from, to: at("2026-11-30T23:59:00Z") }])).toEqual([{ from: at("2026-11-30T23:59:00Z"), to: WINDOW.to }]);
  });
});

test("spanDays names the UTC days a span touches, its end exclusive", () => {
  expect(spanDays({ from: at("2026-11-01T00:00:00Z"), to: at("2026-11-15T00:00:00Z") })).toBe("2026-11-01 to 2026-11-14");
  expect(spanDays({ from: at("2026-11-30T23:59:00Z"), to: at("2026-12-01T00:00:00Z") })).toBe("2026-11-30");
});

describe("judgeCoverage", () => {
  const full = (accountId: string, region: string) => ({ accountId, region, ...WINDOW });

  test("every expected chain covered over the whole window: complete, and nothing to say", () => {
    const coverage = judgeCoverage(WINDOW, [{ accountId: "111111111111", regions: ["us-east-1", "eu-west-1"] }], [full("111111111111", "us-east-1"), full("111111111111", "eu-west-1")]);
    expect(coverage.complete).toBe(true);
    expect(coverageGaps(coverage, 1)).toEqual([]);
  });

  test("no expected account (the trail's account was never scanned) is never complete", () => {
    const coverage = judgeCoverage(WINDOW, [], [full("111111111111", "us-east-1")]);
    expect(coverage.complete).toBe(false);
    expect(coverageGaps(coverage, 0)[0]).toMatch(/^TrailProof does not know which accounts this trail should log/);
  });

  test("a chain the runs covered but the scan does not expect does not make up for one it expects", () => {
    const coverage = judgeCoverage(WINDOW, [{ accountId: "111111111111", regions: ["us-east-1"] }], [full("111111111111", "ap-south-1")]);
    expect(coverage.regionsNotCovered).toEqual([{ accountId: "111111111111", region: "us-east-1" }]);
    expect(coverage.complete).toBe(false);
  });

  test("periods several chains miss are said once, with the chains that miss them", () => {
    const half = { from: at("2026-11-16T00:00:00Z"), to: WINDOW.to };
    const coverage = judgeCoverage(WINDOW, [{ accountId: "111111111111", regions: ["us-east-1"] }, { accountId: "222222222222", regions: ["us-east-1"] }], [
      { accountId: "111111111111", region: "us-east-1", ...half },
      { accountId: "222222222222", region: "us-east-1", ...half },
    ]);
    expect(coverageGaps(coverage, 2)).toEqual([
      "No validation run covered these parts of the window: UTC days 2026-11-01 to 2026-11-15 (2026-11-01 00:00:00 to 2026-11-16 00:00:00 UTC) for account 111111111111 us-east-1, account 222222222222 us-east-1.",
    ]);
  });
});
