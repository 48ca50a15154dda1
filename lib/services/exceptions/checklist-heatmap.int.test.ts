import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { worstStatus } from "@/lib/core/checks/scoring";
import { applyExceptions } from "@/lib/core/exceptions/apply";
import { activeExceptions } from "@/lib/db/exceptions-repository";
import { queryChecklistHeatmap, type HeatmapFilters } from "@/lib/db/heatmaps-repository";
import { checklistHeatmapWithExceptions } from "@/lib/services/exceptions/checklist-heatmap";
import { resetDatabase, testPrisma } from "@/lib/testing/database";

// The overview's filter and sort with exceptions, on a real PostgreSQL: the SQL that judges coverage (the repository's
// second statement of lib/core/exceptions/coverage.ts) against a matrix of cases whose every expected list and score
// is written here by hand, then against the TypeScript rule itself (apply.ts) on the same stored results.

const prisma = testPrisma();
afterAll(() => prisma.$disconnect());

const NOW = new Date("2026-03-10T12:00:00Z");
const ids = { alpha: "111111111111", bravo: "222222222222", charlie: "333333333333", delta: "444444444444", echo: "555555555555", foxtrot: "666666666666", golf: "777777777777", hotel: "888888888888", india: "999999999999", juliet: "101010101010" };
type Name = keyof typeof ids;
const arn = (region: string, account: Name, trail: string) => `arn:aws:cloudtrail:${region}:${ids[account]}:trail/${trail}`;

/**
 * Weights critical 10, high 5, medium 3 (scoring.ts). Per account, its results, what the cells show, and its scores by hand:
 * - alpha (Root/Sandbox): logging_enabled critical pass; multi_region critical FAIL (E1, account); kms_cmk high FAIL
 *   (E2, OU Root/Sandbox: the unit itself). Without 10/25 = 40; with 10/10 = 100. Only excepted failures.
 * - bravo (Root/Sandbox/Dev): logging pass; multi_region FAIL uncovered; kms_cmk FAIL (E2, below the unit).
 *   40; with 10/20 = 50. Both a fail and an excepted cell.
 * - charlie (Root/Sandboxes, not under Root/Sandbox): logging pass; kms_cmk FAIL (X1 expired, X2 only proposed). 200/3 both.
 * - delta (Root/Workloads), trails d4a (eu-west-1) and d4b (us-east-1), single-region: log_file_validation high passes
 *   on d4a, FAILS on d4b (E3, trail): excepted; bucket_mfa_delete medium FAILS on d4a (X3 revoked), passes on d4b.
 *   Without 8/16 = 50; with 8/11. In eu-west-1 only d4a shows: log_file_validation pass, bucket_mfa_delete fail; in
 *   us-east-1 only d4b: log_file_validation excepted, bucket_mfa_delete pass.
 * - echo (Root/Workloads/Prod), e5a (us-east-1, multi-region) and e5b (eu-west-1): multi_region FAILS on both, E4 covers
 *   e5a only: two fails, one covered, a fail; in us-east-1 only e5a shows: excepted. logging pass. 10/30; with 10/20 = 50.
 * - foxtrot (Root/Security), f6a (us-east-1) and f6b (eu-west-1): kms_cmk FAILS on f6a uncovered and on f6b (E5, trail);
 *   logging passes on both. A fail; in eu-west-1 (f6b only) excepted. 20/30; with 20/25 = 80.
 * - golf (no OU): never scanned. hotel (Root/Sandbox): its scan failed, no result. Both scores null.
 * - india (Root/Sandbox/Dev/Team, two levels below): kms_cmk FAIL (E2); bucket_mfa_delete not_applicable. Without 0/5 = 0;
 *   with nothing weighted left: null.
 * - juliet (Root/DataXLake): kms_cmk FAIL; E6 names "Root/Data_Lake" (an "_" is a letter, not a wildcard). 0 both.
 */
async function fixture() {
  await prisma.account.createMany({
    data: [
      { id: ids.alpha, name: "alpha", ouPath: "Root/Sandbox" },
      { id: ids.bravo, name: "bravo", ouPath: "Root/Sandbox/Dev" },
      { id: ids.charlie, name: "charlie", ouPath: "Root/Sandboxes" },
      { id: ids.delta, name: "delta", ouPath: "Root/Workloads" },
      { id: ids.echo, name: "echo", ouPath: "Root/Workloads/Prod" },
      { id: ids.foxtrot, name: "foxtrot", ouPath: "Root/Security" },
      { id: ids.golf, name: "golf", ouPath: null },
      { id: ids.hotel, name: "hotel", ouPath: "Root/Sandbox" },
      { id: ids.india, name: "india", ouPath: "Root/Sandbox/Dev/Team" },
      { id: ids.juliet, name: "juliet", ouPath: "Root/DataXLake" },
    ],
  });
  const trails: Record<string, string> = {};
  const trail = async (key: string, account: Name, region: string, multi: boolean) => {
    const row = await prisma.trail.create({ data: { arn: arn(region, account, key), name: key, accountId: ids[account], homeRegion: region, isMultiRegion: multi } });
    trails[key] = row.id;
  };
  await trail("a1", "alpha", "us-east-1", true);
  await trail("b2", "bravo", "us-east-1", true);
  await trail("c3", "charlie", "us-east-1", true);
  await trail("d4a", "delta", "eu-west-1", false);
  await trail("d4b", "delta", "us-east-1", false);
  await trail("e5a", "echo", "us-east-1", true);
  await trail("e5b", "echo", "eu-west-1", false);
  await trail("f6a", "foxtrot", "us-east-1", false);
  await trail("f6b", "foxtrot", "eu-west-1", false);
  await trail("i9", "india", "us-east-1", true);
  await trail("j10", "juliet", "us-east-1", true);

  const scan = await prisma.scanRun.create({ data: { trigger: "test", status: "partial", createdAt: new Date("2026-03-09T00:00:00Z") } });
  const stored: [Name, number | null][] = [["alpha", 40], ["bravo", 40], ["charlie", 200 / 3], ["delta", 50], ["echo", 100 / 3], ["foxtrot", 200 / 3], ["india", 0], ["juliet", 0]];
  await prisma.scanAccount.createMany({
    data: [
      ...stored.map(([name, score]) => ({ scanId: scan.id, accountId: ids[name], status: "succeeded" as const, score })),
      { scanId: scan.id, accountId: ids.hotel, status: "failed" as const, error: "sts:AssumeRole AccessDenied" },
    ],
  });
  type Status = "pass" | "fail" | "not_applicable";
  const severity = { logging_enabled: "critical", multi_region: "critical", kms_cmk: "high", log_file_validation: "high", bucket_mfa_delete: "medium" } as const;
  const result = (account: Name, trailKey: string, checkId: keyof typeof severity, status: Status) => ({
    scanId: scan.id, accountId: ids[account], trailId: trails[trailKey]!, checkId, status, severity: severity[checkId], reason: "r",
  });
  await prisma.checkResult.createMany({
    data: [
      result("alpha", "a1", "logging_enabled", "pass"),
      result("alpha", "a1", "multi_region", "fail"),
      result("alpha", "a1", "kms_cmk", "fail"),
      result("bravo", "b2", "logging_enabled", "pass"),
      result("bravo", "b2", "multi_region", "fail"),
      result("bravo", "b2", "kms_cmk", "fail"),
      result("charlie", "c3", "logging_enabled", "pass"),
      result("charlie", "c3", "kms_cmk", "fail"),
      result("delta", "d4a", "log_file_validation", "pass"),
      result("delta", "d4b", "log_file_validation", "fail"),
      result("delta", "d4a", "bucket_mfa_delete", "fail"),
      result("delta", "d4b", "bucket_mfa_delete", "pass"),
      result("echo", "e5a", "multi_region", "fail"),
      result("echo", "e5b", "multi_region", "fail"),
      result("echo", "e5a", "logging_enabled", "pass"),
      result("foxtrot", "f6a", "kms_cmk", "fail"),
      result("foxtrot", "f6b", "kms_cmk", "fail"),
      result("foxtrot", "f6a", "logging_enabled", "pass"),
      result("foxtrot", "f6b", "logging_enabled", "pass"),
      result("india", "i9", "kms_cmk", "fail"),
      result("india", "i9", "bucket_mfa_delete", "not_applicable"),
      result("juliet", "j10", "kms_cmk", "fail"),
    ],
  });

  // E1…E6 active at NOW; X1 expired, X2 proposed only, X3 revoked, X4 a finding's (the integrity heatmap's).
  const active = { approvedBy: "ada", approvedByName: "Ada Admin", approvedAt: new Date("2026-03-01T00:00:00Z"), expiresAt: new Date("2026-06-01T00:00:00Z") };
  const exceptions = [
    { justification: "E1", scope: "account", checkId: "multi_region", accountId: ids.alpha, ...active },
    { justification: "E2", scope: "organizational_unit", checkId: "kms_cmk", ouPath: "Root/Sandbox", ...active },
    { justification: "E3", scope: "trail", checkId: "log_file_validation", trailArn: arn("us-east-1", "delta", "d4b"), ...active },
    { justification: "E4", scope: "trail", checkId: "multi_region", trailArn: arn("us-east-1", "echo", "e5a"), ...active },
    { justification: "E5", scope: "trail", checkId: "kms_cmk", trailArn: arn("eu-west-1", "foxtrot", "f6b"), ...active },
    { justification: "E6", scope: "organizational_unit", checkId: "kms_cmk", ouPath: "Root/Data_Lake", ...active },
    { justification: "X1", scope: "account", checkId: "kms_cmk", accountId: ids.charlie, ...active, approvedAt: new Date("2026-01-01T00:00:00Z"), expiresAt: new Date("2026-03-01T00:00:00Z") },
    { justification: "X2", scope: "organizational_unit", checkId: "kms_cmk", ouPath: "Root/Sandboxes", expiresAt: active.expiresAt },
    { justification: "X3", scope: "account", checkId: "bucket_mfa_delete", accountId: ids.delta, ...active, revokedBy: "ada", revokedByName: "Ada Admin", revokedAt: new Date("2026-03-05T00:00:00Z"), revokeReason: "fixed" },
    { justification: "X4", scope: "finding", findingId: "trailproof/file/0123456789abcdef0123456789abcdef01234567", accountId: ids.charlie, ...active },
  ] as const;
  await prisma.exception.createMany({
    data: exceptions.map((e, i) => ({ owner: "o", proposedBy: "otto", proposedByName: "Otto", createdAt: new Date(Date.UTC(2026, 1, 1, 0, i)), ...e })),
  });
}

beforeAll(async () => {
  await resetDatabase();
  await fixture();
});

const names = (heatmap: { accounts: { name: string }[] }) => heatmap.accounts.map((a) => a.name);
const view = (filters: HeatmapFilters) => checklistHeatmapWithExceptions(prisma, filters, NOW);

describe("the overview's status filter agrees with the cells as shown", () => {
  test.each([
    { filters: { status: "fail" }, expected: ["bravo", "charlie", "delta", "echo", "foxtrot", "juliet"] },
    { filters: { status: "excepted" }, expected: ["alpha", "bravo", "delta", "india"] },
    // eu-west-1: the multi-region trails and d4a, e5b, f6b. foxtrot's only failure there is covered; delta's covered one is not there.
    { filters: { status: "fail", region: "eu-west-1" }, expected: ["bravo", "charlie", "delta", "echo", "juliet"] },
    { filters: { status: "excepted", region: "eu-west-1" }, expected: ["alpha", "bravo", "foxtrot", "india"] },
    // us-east-1: the multi-region trails and d4b, f6a. echo's uncovered failure (e5b) is outside: its cell is excepted.
    { filters: { status: "fail", region: "us-east-1" }, expected: ["bravo", "charlie", "foxtrot", "juliet"] },
    { filters: { status: "excepted", region: "us-east-1" }, expected: ["alpha", "bravo", "delta", "echo", "india"] },
    { filters: { status: "excepted", ou: "Root/Sandbox" }, expected: ["alpha"] },
    { filters: { status: "fail", q: "ech" }, expected: ["echo"] },
    { filters: { status: "not_applicable" }, expected: ["india"] },
    { filters: { status: "pass" }, expected: ["alpha", "bravo", "charlie", "echo", "foxtrot"] },
  ] satisfies { filters: HeatmapFilters; expected: string[] }[])("$filters", async ({ filters, expected }) => {
    const heatmap = await view(filters);
    expect(names(heatmap)).toEqual(expected);
    expect([heatmap.matchingAccounts, heatmap.totalAccounts]).toEqual([expected.length, 10]);
  });
});

describe("the score sort is the score with exceptions, worst first, unscored last", () => {
  test("every account: its scores and place", async () => {
    const heatmap = await view({ sort: "score" });
    expect(heatmap.accounts.map((a) => [a.name, a.scoreWithExceptions, a.score])).toEqual([
      ["juliet", 0, 0],
      ["bravo", 50, 40],
      ["echo", 50, 100 / 3],
      ["charlie", 200 / 3, 200 / 3],
      ["delta", 800 / 11, 50],
      ["foxtrot", 80, 200 / 3],
      ["alpha", 100, 40],
      ["golf", null, null],
      ["hotel", null, null],
      ["india", null, 0],
    ]);
  });

  test("with the status filter", async () => {
    expect(names(await view({ status: "fail", sort: "score" }))).toEqual(["juliet", "bravo", "echo", "charlie", "delta", "foxtrot"]);
    expect(names(await view({ status: "excepted", sort: "score" }))).toEqual(["bravo", "delta", "alpha", "india"]);
  });
});

test("cells show excepted with the covering exception's note; one uncovered failing trail keeps a fail", async () => {
  const heatmap = await view({});
  const cells = Object.fromEntries(heatmap.accounts.map((a) => [a.name, a.cells]));
  expect(cells).toEqual({
    alpha: { logging_enabled: "pass", multi_region: "excepted", kms_cmk: "excepted" },
    bravo: { logging_enabled: "pass", multi_region: "fail", kms_cmk: "excepted" },
    charlie: { logging_enabled: "pass", kms_cmk: "fail" },
    delta: { log_file_validation: "excepted", bucket_mfa_delete: "fail" },
    echo: { logging_enabled: "pass", multi_region: "fail" },
    foxtrot: { logging_enabled: "pass", kms_cmk: "fail" },
    golf: {},
    hotel: {},
    india: { kms_cmk: "excepted", bucket_mfa_delete: "not_applicable" },
    juliet: { kms_cmk: "fail" },
  });
  const alpha = heatmap.accounts.find((a) => a.name === "alpha")!;
  expect(alpha.excepted).toEqual({ multi_region: "excepted by Ada Admin until 2026-06-01: E1", kms_cmk: "excepted by Ada Admin until 2026-06-01: E2" });
  const inEurope = await view({ region: "eu-west-1" });
  expect(inEurope.accounts.find((a) => a.name === "foxtrot")).toMatchObject({ cells: { kms_cmk: "excepted" }, excepted: { kms_cmk: "excepted by Ada Admin until 2026-06-01: E5" } });
  expect(inEurope.accounts.find((a) => a.name === "delta")!.cells).toEqual({ log_file_validation: "pass", bucket_mfa_delete: "fail" });
});

test("without an active exception, the stored verdicts only (what the filter did before, and the same statement)", async () => {
  expect(names(await queryChecklistHeatmap(prisma, { status: "fail" }))).toEqual(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "india", "juliet"]);
  expect(names(await queryChecklistHeatmap(prisma, { status: "excepted" }))).toEqual([]);
  expect(names(await queryChecklistHeatmap(prisma, { sort: "score" }))).toEqual(["india", "juliet", "echo", "alpha", "bravo", "delta", "charlie", "foxtrot", "golf", "hotel"]);
  // Once every exception has expired, the service gives the same.
  expect(names(await checklistHeatmapWithExceptions(prisma, { status: "fail" }, new Date("2026-07-01T00:00:00Z")))).toEqual(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "india", "juliet"]);
});

test.each([undefined, "eu-west-1", "us-east-1"])("SQL and apply.ts (coverage.ts) agree on every cell and score, region %s", async (region) => {
  const heatmap = await view({ region });
  const active = (await activeExceptions(prisma, NOW)).filter((e) => e.scope !== "finding");
  const results = await prisma.checkResult.findMany({ include: { trail: true } });
  for (const account of heatmap.accounts) {
    const judged = results
      .filter((r) => r.accountId === account.id)
      .map((r) => ({ checkId: r.checkId, status: r.status, severity: r.severity, trailArn: r.trail?.arn ?? null, inView: !region || !r.trail || r.trail.homeRegion === region || r.trail.isMultiRegion }));
    if (judged.length === 0) continue;
    const applied = applyExceptions(account, judged, active);
    const expectedCells: Record<string, string> = {};
    for (const checkId of new Set(judged.filter((r) => r.inView).map((r) => r.checkId))) {
      expectedCells[checkId] = applied.exceptedCells.has(checkId) ? "excepted" : worstStatus(judged.filter((r) => r.inView && r.checkId === checkId).map((r) => r.status))!;
    }
    expect({ id: account.name, cells: account.cells, score: account.scoreWithExceptions }).toEqual({ id: account.name, cells: expectedCells, score: applied.scoreWithExceptions });
  }
});
