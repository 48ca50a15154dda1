import { afterAll, beforeAll, expect, test } from "vitest";
import { scoreFromWeights } from "@/lib/core/checks/scoring";
import type { CheckStatus, Severity } from "@/lib/core/checks/types";
import { saveAccountOutcome, upsertTrails, type StoredCheckResult } from "@/lib/db/scans-repository";
import { queryIntegrityDays, queryScoreDays } from "@/lib/db/trends-repository";
import { queryCheckChanges, queryNewTampering } from "@/lib/db/week-changes-repository";
import { resetDatabase, testPrisma } from "@/lib/testing/database";
import { organizationChangesBackfillSql, scoreDaysBackfillSql } from "@/lib/testing/score-days-backfill";

// A small organization whose daily numbers are worked out by hand below (weights: critical 10, high 5, medium 3,
// low 1; errors count in neither sum). A = "payments" owns trail "a" and inherits the organization trail "org" owned
// by B = "security" (an organization trail counts once per account that sees it, scoring.ts).
//
//   2026-02-28  no scan yet
//   2026-03-01  scans at 06:00 and 08:00 (and a 07:00 scan stored late): the day's last, 08:00, counts
//               A: a/logging_enabled pass (10), a/kms_cmk FAIL high (5), org/multi_region pass (10), org/bucket_mfa_delete FAIL medium (3)
//                  earned 20, possible 28 → 71.43
//               B: org/multi_region pass (10), org/bucket_mfa_delete FAIL medium (3), org/log_group_retention error (low: neither sum)
//                  earned 10, possible 13 → 76.92
//               organization: 30 / 41 → 73.17 (not the mean of 71.43 and 76.92, which is 74.18)
//   2026-03-02  no scan: both accounts carried forward, same sums
//   2026-03-03  A only: a/kms_cmk fixed (pass), org/multi_region now FAIL critical → earned 15, possible 28 → 53.57
//               B carried (10 / 13): organization 25 / 41 → 60.98

const A = "111111111111";
const B = "222222222222";
const ORG = `arn:aws:cloudtrail:us-east-1:${B}:trail/org`;
const OWN = `arn:aws:cloudtrail:eu-west-1:${A}:trail/a`;
const prisma = testPrisma();

function result(trailArn: string, checkId: string, status: CheckStatus, severity: Severity, inherited = false): StoredCheckResult {
  return { trailArn, checkId, status, severity, reason: `${checkId} ${status}`, evidence: {}, inherited };
}

async function scan(at: string, outcomes: { accountId: string; results: StoredCheckResult[] }[], trailIds: Map<string, string>) {
  const run = await prisma.scanRun.create({ data: { trigger: "test", status: "succeeded", createdAt: new Date(at) } });
  for (const { accountId, results } of outcomes) {
    await saveAccountOutcome(prisma, run.id, trailIds, { accountId, status: "succeeded", score: null, error: null, regions: [], results, issues: [] });
  }
  return run.id;
}

beforeAll(async () => {
  await resetDatabase();
  await prisma.account.createMany({ data: [{ id: A, name: "payments" }, { id: B, name: "security" }] });
  const trail = { s3BucketName: null, bucketAccountId: null, s3KeyPrefix: null, kmsKeyId: null, logGroupArn: null, logFileValidation: true };
  const trailIds = await upsertTrails(prisma, [
    { arn: ORG, name: "org", accountId: B, homeRegion: "us-east-1", isOrganizationTrail: true, isMultiRegion: true, ...trail },
    { arn: OWN, name: "a", accountId: A, homeRegion: "eu-west-1", isOrganizationTrail: false, isMultiRegion: false, ...trail },
  ]);
  const allPass = [result(OWN, "logging_enabled", "pass", "critical"), result(OWN, "kms_cmk", "pass", "high")];
  await scan("2026-03-01T06:00:00Z", [{ accountId: A, results: allPass }], trailIds);
  await scan(
    "2026-03-01T08:00:00Z",
    [
      {
        accountId: A,
        results: [
          result(OWN, "logging_enabled", "pass", "critical"),
          result(OWN, "kms_cmk", "fail", "high"),
          result(ORG, "multi_region", "pass", "critical", true),
          result(ORG, "bucket_mfa_delete", "fail", "medium", true),
        ],
      },
      {
        accountId: B,
        results: [result(ORG, "multi_region", "pass", "critical"), result(ORG, "bucket_mfa_delete", "fail", "medium"), result(ORG, "log_group_retention", "error", "low")],
      },
    ],
    trailIds,
  );
  // An earlier scan of the same day whose results are stored last (a resumed run) does not replace the later one.
  await scan("2026-03-01T07:00:00Z", [{ accountId: A, results: allPass }], trailIds);
  await scan(
    "2026-03-03T09:00:00Z",
    [
      {
        accountId: A,
        results: [
          result(OWN, "logging_enabled", "pass", "critical"),
          result(OWN, "kms_cmk", "pass", "high"),
          result(ORG, "multi_region", "fail", "critical", true),
          result(ORG, "bucket_mfa_delete", "fail", "medium", true),
        ],
      },
    ],
    trailIds,
  );
});
afterAll(() => prisma.$disconnect());

const RANGE = { from: "2026-02-28", to: "2026-03-03" };
const none = { failCritical: 0, failHigh: 0, failMedium: 0, failLow: 0, failInformational: 0 };

test("organization score per day: sums of every account's last scan as of the day, carried over a day without a scan", async () => {
  expect(await queryScoreDays(prisma, RANGE)).toEqual([
    { day: "2026-02-28", earnedWeight: 0, possibleWeight: 0, ...none, accountsKnown: 0, accountsScanned: 0 },
    { day: "2026-03-01", earnedWeight: 30, possibleWeight: 41, ...none, failHigh: 1, failMedium: 2, accountsKnown: 2, accountsScanned: 2 },
    { day: "2026-03-02", earnedWeight: 30, possibleWeight: 41, ...none, failHigh: 1, failMedium: 2, accountsKnown: 2, accountsScanned: 0 },
    { day: "2026-03-03", earnedWeight: 25, possibleWeight: 41, ...none, failCritical: 1, failMedium: 2, accountsKnown: 2, accountsScanned: 1 },
  ]);
  expect(scoreFromWeights(30, 41)).toBeCloseTo(73.17, 2);
  expect(scoreFromWeights(25, 41)).toBeCloseTo(60.98, 2);
});

test("account score per day, and a range that starts after the first scan starts from the state carried into it", async () => {
  const days = await queryScoreDays(prisma, RANGE, A);
  expect(days.map((d) => [d.day, d.earnedWeight, d.possibleWeight, d.failCritical, d.failHigh, d.failMedium, d.accountsScanned])).toEqual([
    ["2026-02-28", 0, 0, 0, 0, 0, 0],
    ["2026-03-01", 20, 28, 0, 1, 1, 1],
    ["2026-03-02", 20, 28, 0, 1, 1, 0],
    ["2026-03-03", 15, 28, 1, 0, 1, 1],
  ]);
  const later = await queryScoreDays(prisma, { from: "2026-03-02", to: "2026-03-04" });
  expect(later.map((d) => [d.day, d.earnedWeight, d.possibleWeight, d.accountsKnown, d.accountsScanned])).toEqual([
    ["2026-03-02", 30, 41, 2, 0],
    ["2026-03-03", 25, 41, 2, 1],
    ["2026-03-04", 25, 41, 2, 0],
  ]);
});

test("what changed since 2026-03-02: a fix (fail → pass) and a new failure (pass → fail), each once", async () => {
  const changes = await queryCheckChanges(prisma, "2026-03-02");
  expect(changes.map(({ kind, accountId, trailName, checkId, severity, before, after, total }) => ({ kind, accountId, trailName, checkId, severity, before, after, total }))).toEqual([
    { kind: "fix", accountId: A, trailName: "a", checkId: "kms_cmk", severity: "high", before: "fail", after: "pass", total: 1 },
    { kind: "new-failure", accountId: A, trailName: "org", checkId: "multi_region", severity: "critical", before: "pass", after: "fail", total: 1 },
  ]);
  expect(changes[0]!.scannedAt.toISOString()).toBe("2026-03-03T09:00:00.000Z");
});

test("what changed since 2026-03-01: no scan before it, so every failure of the accounts' last scans is new", async () => {
  const changes = await queryCheckChanges(prisma, "2026-03-01");
  expect(changes.map((c) => [c.kind, c.accountId, c.trailName, c.checkId, c.before, c.total])).toEqual([
    ["new-failure", A, "org", "multi_region", null, 3],
    ["new-failure", A, "org", "bucket_mfa_delete", null, 3],
    ["new-failure", B, "org", "bucket_mfa_delete", null, 3],
  ]);
  expect(await queryCheckChanges(prisma, "2026-03-04")).toEqual([]);
});

test("new tampering: integrity alerts first seen in the week, not older ones nor scan alerts", async () => {
  const alert = (key: string, kind: string, runKind: string, firstSeen: string) => ({
    key, kind, runKind, severity: "critical" as const, title: key, reason: "r", accountId: A, runId: "00000000-0000-4000-8000-000000000000",
    firstSeen: new Date(firstSeen), lastSeen: new Date("2026-03-03T00:00:00Z"),
  });
  await prisma.alert.createMany({
    data: [
      alert("file-invalid|s3://b/new", "file-invalid", "validation", "2026-03-02T10:00:00Z"),
      alert("chain-broken|old", "chain-broken", "validation", "2026-02-20T10:00:00Z"),
      alert("check-failed|x", "check-failed", "scan", "2026-03-02T11:00:00Z"),
    ],
  });
  const rows = await queryNewTampering(prisma, "2026-03-02");
  expect(rows.map((r) => [r.alertKind, r.title, r.accountName, r.total])).toEqual([["file-invalid", "file-invalid|s3://b/new", "payments", 1]]);
});

test("integrity problems per day from integrity_days; a day no validation covered is not validated, not clean", async () => {
  const run = "00000000-0000-4000-8000-000000000001";
  const trailId = (await prisma.trail.findUniqueOrThrow({ where: { arn: OWN } })).id;
  const day = (accountId: string, region: string, date: string, counts: object) => ({ accountId, region, day: new Date(date), trailId, runId: run, ...counts });
  await prisma.integrityDay.createMany({
    data: [
      day(A, "eu-west-1", "2026-03-01", { validCount: 10, invalidCount: 1 }),
      day(B, "us-east-1", "2026-03-01", { validCount: 5, missingCount: 2, digestMissingCount: 1 }),
      day(A, "eu-west-1", "2026-03-03", { validCount: 3, gapCount: 1, tamperCount: 2 }),
    ],
  });
  const blank = { validated: false, valid: 0, invalid: 0, missing: 0, gaps: 0, tampering: 0 };
  expect(await queryIntegrityDays(prisma, RANGE)).toEqual([
    { day: "2026-02-28", ...blank },
    { day: "2026-03-01", validated: true, valid: 15, invalid: 1, missing: 3, gaps: 0, tampering: 0 },
    { day: "2026-03-02", ...blank },
    { day: "2026-03-03", validated: true, valid: 3, invalid: 0, missing: 0, gaps: 1, tampering: 2 },
  ]);
  expect((await queryIntegrityDays(prisma, RANGE, B)).map((d) => [d.day, d.validated, d.missing])).toEqual([
    ["2026-02-28", false, 0],
    ["2026-03-01", true, 3],
    ["2026-03-02", false, 0],
    ["2026-03-03", false, 0],
  ]);
});

test("the migration's backfill of stored scans writes the same rows as the rollup written at every scan", async () => {
  const written = await prisma.accountScoreDay.findMany({ orderBy: [{ accountId: "asc" }, { day: "asc" }] });
  expect(written.map((r) => [r.accountId, r.day.toISOString().slice(0, 10), r.earnedWeight, r.possibleWeight])).toEqual([
    [A, "2026-03-01", 20, 28],
    [A, "2026-03-03", 15, 28],
    [B, "2026-03-01", 10, 13],
  ]);
  const organization = await queryScoreDays(prisma, RANGE);
  await prisma.accountScoreDay.deleteMany();
  expect(await prisma.organizationScoreChange.findMany({ where: { NOT: { accounts: 0, scanned: 0, earnedWeight: 0, possibleWeight: 0, failHigh: 0, failMedium: 0, failCritical: 0 } } })).toEqual([]);
  await prisma.$executeRawUnsafe(scoreDaysBackfillSql());
  expect(await prisma.accountScoreDay.findMany({ orderBy: [{ accountId: "asc" }, { day: "asc" }] })).toEqual(written);
  // The organization's changes follow rows inserted in any order (the backfill's is the database's).
  expect(await queryScoreDays(prisma, RANGE)).toEqual(organization);
  // And the second migration's backfill of them, from the rows, gives the same days.
  await prisma.organizationScoreChange.deleteMany();
  await prisma.$executeRawUnsafe(organizationChangesBackfillSql());
  expect(await queryScoreDays(prisma, RANGE)).toEqual(organization);
});

test("an account deleted takes its part of the organization's trend with it (payments alone: 20 / 28, then 15 / 28)", async () => {
  await prisma.account.delete({ where: { id: B } });
  const days = await queryScoreDays(prisma, RANGE);
  expect(days.map((d) => [d.day, d.earnedWeight, d.possibleWeight, d.failCritical, d.failHigh, d.failMedium, d.accountsKnown, d.accountsScanned])).toEqual([
    ["2026-02-28", 0, 0, 0, 0, 0, 0, 0],
    ["2026-03-01", 20, 28, 0, 1, 1, 1, 1],
    ["2026-03-02", 20, 28, 0, 1, 1, 1, 0],
    ["2026-03-03", 15, 28, 1, 0, 1, 1, 1],
  ]);
});
