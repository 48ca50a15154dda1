import { describe, expect, test } from "vitest";
import type { KnownAlert } from "@/lib/core/alerts/problem";
import { scanSighting, type ScanFacts, type ScannedResult } from "@/lib/core/alerts/scan-problems";
import type { CheckStatus } from "@/lib/core/checks/types";

const ACCOUNT = "222222222222";
const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;

const result = (checkId: string, status: CheckStatus, previousStatus: CheckStatus | null, over: Partial<ScannedResult> = {}): ScannedResult => ({
  id: 5n,
  accountId: ACCOUNT,
  trailArn: TRAIL,
  checkId,
  checkTitle: "KMS customer-managed key",
  region: null,
  status,
  severity: "high",
  reason: "r",
  inherited: false,
  previousStatus,
  ...over,
});

const facts = (over: Partial<ScanFacts>): ScanFacts => ({
  accounts: [{ accountId: ACCOUNT, status: "succeeded", assumeRoleError: null, trailCount: 1 }],
  results: [],
  activeKeys: new Set(),
  ...over,
});

describe("scanSighting: problems", () => {
  test.each([
    { label: "a check from pass to fail", results: [result("kms_cmk", "fail", "pass")], active: [], expected: [`check-failed|${ACCOUNT}|${TRAIL}|kms_cmk|`] },
    { label: "a check failing since its first scan (no alert: it never passed)", results: [result("kms_cmk", "fail", null)], active: [], expected: [] },
    { label: "a check still failing with its alert open", results: [result("kms_cmk", "fail", "fail")], active: [`check-failed|${ACCOUNT}|${TRAIL}|kms_cmk|`], expected: [`check-failed|${ACCOUNT}|${TRAIL}|kms_cmk|`] },
    { label: "a check from error to fail (not from pass)", results: [result("kms_cmk", "fail", "error")], active: [], expected: [] },
    { label: "a trail not logging, whatever before", results: [result("logging_enabled", "fail", null)], active: [], expected: [`trail-not-logging|${TRAIL}`] },
    { label: "log file validation off", results: [result("log_file_validation", "fail", "pass")], active: [], expected: [`validation-off|${TRAIL}`] },
    { label: "an organization trail's inherited row raises nothing", results: [result("logging_enabled", "fail", null, { inherited: true })], active: [], expected: [] },
    { label: "a passing check raises nothing", results: [result("kms_cmk", "pass", "fail")], active: [], expected: [] },
  ])("$label", ({ results, active, expected }) => {
    expect(scanSighting(facts({ results, activeKeys: new Set(active) })).problems.map((p) => p.key)).toEqual(expected);
  });

  test.each([
    { label: "AssumeRole refused", account: { accountId: ACCOUNT, status: "failed" as const, assumeRoleError: "AccessDenied: not authorized", trailCount: 0 }, expected: [`role-unassumable|${ACCOUNT}`] },
    { label: "read in full, no trail", account: { accountId: ACCOUNT, status: "succeeded" as const, assumeRoleError: null, trailCount: 0 }, expected: [`account-no-trail|${ACCOUNT}`] },
    { label: "read in part, no trail seen (a region failed): not judged", account: { accountId: ACCOUNT, status: "partial" as const, assumeRoleError: null, trailCount: 0 }, expected: [] },
  ])("account: $label", ({ account, expected }) => {
    expect(scanSighting(facts({ accounts: [account] })).problems.map((p) => p.key)).toEqual(expected);
  });

  test("severity and check come from the result", () => {
    const [problem] = scanSighting(facts({ results: [result("kms_cmk", "fail", "pass", { severity: "medium" })] })).problems;
    expect(problem).toMatchObject({ severity: "medium", checkId: "kms_cmk", checkResultId: 5n, kind: "check-failed" });
  });
});

describe("scanSighting: what the scan could see again", () => {
  const alert = (kind: string, key: string, accountId = ACCOUNT): KnownAlert => ({ id: "1", key, kind, state: "open", runKind: "scan", accountId, region: null, trailArn: TRAIL, s3Uri: null, objectTime: null });
  test.each([
    { label: "a check judged pass again", alert: alert("check-failed", `check-failed|${ACCOUNT}|${TRAIL}|kms_cmk|`), over: { results: [result("kms_cmk", "pass", "fail")] }, seen: true },
    { label: "a check the scan could not read (error)", alert: alert("check-failed", `check-failed|${ACCOUNT}|${TRAIL}|kms_cmk|`), over: { results: [result("kms_cmk", "error", "fail")] }, seen: false },
    { label: "an account the scan could not enter", alert: alert("trail-not-logging", `trail-not-logging|${TRAIL}`), over: { accounts: [{ accountId: ACCOUNT, status: "failed" as const, assumeRoleError: "AccessDenied", trailCount: 0 }] }, seen: false },
    { label: "an account not in this scan", alert: alert("role-unassumable", "role-unassumable|333333333333", "333333333333"), over: {}, seen: false },
    { label: "the role, in an account scanned again", alert: alert("role-unassumable", `role-unassumable|${ACCOUNT}`), over: {}, seen: true },
    { label: "no trail, in an account read only in part", alert: alert("account-no-trail", `account-no-trail|${ACCOUNT}`), over: { accounts: [{ accountId: ACCOUNT, status: "partial" as const, assumeRoleError: null, trailCount: 0 }] }, seen: false },
  ])("$label: $seen", ({ alert: known, over, seen }) => {
    expect(scanSighting(facts(over)).couldSee(known)).toBe(seen);
  });
});
