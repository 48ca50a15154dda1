import { afterAll, beforeEach, expect, test } from "vitest";
import { queryAccountDay, queryChecklistHeatmap, queryIntegrityHeatmap } from "@/lib/db/heatmaps-repository";
import { rollUpValidationRun } from "@/lib/db/integrity-days-repository";
import { diffScans } from "@/lib/db/scan-history-repository";
import { resetDatabase, testPrisma } from "@/lib/testing/database";

const prisma = testPrisma();
beforeEach(() => resetDatabase());
afterAll(() => prisma.$disconnect());

const A = "111111111111";
const B = "222222222222";

async function twoAccountsTwoScans() {
  await prisma.account.createMany({
    data: [
      { id: A, name: "payments", ouPath: "Root/Workloads" },
      { id: B, name: "security", ouPath: "Root/Security" },
    ],
  });
  const trailA = await prisma.trail.create({ data: { arn: `arn:aws:cloudtrail:eu-west-1:${A}:trail/a`, name: "a", accountId: A, homeRegion: "eu-west-1", s3BucketName: "bucket-a" } });
  const trailA2 = await prisma.trail.create({ data: { arn: `arn:aws:cloudtrail:us-east-1:${A}:trail/a2`, name: "a2", accountId: A, homeRegion: "us-east-1" } });
  const older = await prisma.scanRun.create({ data: { trigger: "cli", status: "succeeded", createdAt: new Date("2026-01-01") } });
  const newer = await prisma.scanRun.create({ data: { trigger: "cli", status: "partial", createdAt: new Date("2026-02-01") } });
  await prisma.scanAccount.createMany({
    data: [
      { scanId: older.id, accountId: A, status: "succeeded", score: 40 },
      { scanId: newer.id, accountId: A, status: "succeeded", score: 90 },
      { scanId: newer.id, accountId: B, status: "failed", error: "sts:AssumeRole AccessDenied" },
    ],
  });
  const result = (scanId: string, trailId: string, checkId: string, status: "pass" | "fail" | "error") => ({ scanId, accountId: A, trailId, checkId, status, severity: "high" as const, reason: "r" });
  await prisma.checkResult.createMany({
    data: [
      result(older.id, trailA.id, "kms_cmk", "fail"),
      result(older.id, trailA.id, "multi_region", "fail"),
      // Newest scan: the worst over both trails counts; kms_cmk fixed; multi_region still failing on one trail.
      result(newer.id, trailA.id, "kms_cmk", "pass"),
      result(newer.id, trailA2.id, "kms_cmk", "pass"),
      result(newer.id, trailA.id, "multi_region", "pass"),
      result(newer.id, trailA2.id, "multi_region", "fail"),
      result(newer.id, trailA2.id, "bucket_mfa_delete", "error"),
    ],
  });
  return { trailA, trailA2, older, newer };
}

test("checklist heatmap: the latest scan's worst status per account and check, filtered and sorted in SQL", async () => {
  const { newer } = await twoAccountsTwoScans();
  const all = await queryChecklistHeatmap(prisma, { sort: "score" });
  expect(all.latestScan?.id).toBe(newer.id);
  expect(all.accounts.map((a) => [a.name, a.score, a.scanError])).toEqual([
    ["payments", 90, null],
    ["security", null, "sts:AssumeRole AccessDenied"],
  ]);
  expect(all.accounts[0]!.cells).toEqual({ kms_cmk: "pass", multi_region: "fail", bucket_mfa_delete: "error" });
  expect(all.organizationalUnits).toEqual(["Root/Security", "Root/Workloads"]);
  expect([all.matchingAccounts, all.totalAccounts]).toEqual([2, 2]);
  // Pages of accounts: past the last one, nothing.
  expect((await queryChecklistHeatmap(prisma, { page: 1 })).accounts).toEqual([]);

  // Region: only trails logging there (a2 is single-region in us-east-1).
  expect((await queryChecklistHeatmap(prisma, { region: "eu-west-1" })).accounts[0]!.cells).toEqual({ kms_cmk: "pass", multi_region: "pass" });
  expect((await queryChecklistHeatmap(prisma, { status: "fail" })).accounts.map((a) => a.id)).toEqual([A]);
  // The status filter matches the cells as shown: in eu-west-1 only trail a counts, and nothing of it fails.
  expect((await queryChecklistHeatmap(prisma, { status: "fail", region: "eu-west-1" })).accounts).toEqual([]);
  expect((await queryChecklistHeatmap(prisma, { status: "pass", region: "eu-west-1" })).accounts.map((a) => a.id)).toEqual([A]);
  expect((await queryChecklistHeatmap(prisma, { status: "error" })).accounts.map((a) => a.id)).toEqual([A]);
  expect((await queryChecklistHeatmap(prisma, { ou: "Root/Security" })).accounts.map((a) => a.id)).toEqual([B]);
  expect((await queryChecklistHeatmap(prisma, { q: "secu" })).accounts.map((a) => a.id)).toEqual([B]);
  expect((await queryChecklistHeatmap(prisma, { q: "1111" })).accounts.map((a) => a.id)).toEqual([A]);
});

test("scan diff: every check whose status changed between two scans, including ones that appeared", async () => {
  const { older, newer } = await twoAccountsTwoScans();
  const changes = await diffScans(prisma, older.id, newer.id);
  expect(changes.map((c) => [c.trailName, c.checkId, c.before, c.after])).toEqual([
    ["a", "kms_cmk", "fail", "pass"],
    ["a", "multi_region", "fail", "pass"],
    ["a2", "bucket_mfa_delete", null, "error"],
    ["a2", "kms_cmk", null, "pass"],
    ["a2", "multi_region", null, "fail"],
  ]);
});

test("integrity rollup: per account, region and day, the latest verdict on each file and the run's findings (digest keys, keyless findings, gaps over days)", async () => {
  const { trailA } = await twoAccountsTwoScans();
  const run = await prisma.validationRun.create({
    data: { trailId: trailA.id, accountId: A, regions: ["eu-west-1"], windowStart: new Date("2026-03-01"), windowEnd: new Date("2026-03-04"), trigger: "test", status: "succeeded" },
  });
  const verdict = (key: string, time: string, status: "valid" | "invalid" | "missing", kind: "log" | "digest" = "log") => ({
    runId: run.id, accountId: A, region: "eu-west-1", kind, status, s3Bucket: "bucket-a", s3Key: key, fileTime: new Date(time),
  });
  await prisma.fileVerdict.createMany({
    data: [
      verdict("d1", "2026-03-01T01:00:00Z", "valid", "digest"),
      verdict("l1", "2026-03-01T00:05:00Z", "valid"),
      verdict("l2", "2026-03-01T23:55:00Z", "invalid"),
      verdict("d2", "2026-03-02T05:00:00Z", "missing", "digest"),
    ],
  });
  await prisma.finding.createMany({
    data: [
      // A gap over three days counts on each; an unreferenced log counts on the day in its key.
      { runId: run.id, accountId: A, region: "eu-west-1", kind: "gap", message: "m", fromTime: new Date("2026-03-02T10:00:00Z"), toTime: new Date("2026-03-04T02:00:00Z") },
      { runId: run.id, accountId: A, region: "eu-west-1", kind: "log-unreferenced", message: "m", s3Uri: `s3://bucket-a/AWSLogs/${A}/CloudTrail/eu-west-1/2026/03/03/${A}_CloudTrail_eu-west-1_20260303T0905Z_abc.json.gz` },
      { runId: run.id, accountId: A, region: "eu-west-1", kind: "aborted", message: "not a day's finding" },
      // A broken link names a digest (its key ends in seconds); a missing newest digest names nothing: the run's last day.
      { runId: run.id, accountId: A, region: "eu-west-1", kind: "chain-broken", message: "m", s3Uri: `s3://bucket-a/AWSLogs/${A}/CloudTrail-Digest/eu-west-1/2026/03/02/${A}_CloudTrail-Digest_eu-west-1_a_eu-west-1_20260302T050000Z.json.gz` },
      { runId: run.id, accountId: A, region: "eu-west-1", kind: "digest-missing", message: "m" },
    ],
  });
  await rollUpValidationRun(prisma, run.id);
  const { accounts: rows, matchingAccounts } = await queryIntegrityHeatmap(prisma, { from: new Date("2026-03-01"), to: new Date("2026-03-05") });
  expect(matchingAccounts).toBe(2);
  expect(rows.map((r) => r.id)).toEqual([A, B]);
  expect(rows[0]!.days).toEqual({
    "2026-03-01": { status: "invalid", valid: 2, invalid: 1, missing: 0, gaps: 0 },
    "2026-03-02": { status: "invalid", valid: 0, invalid: 1, missing: 1, gaps: 1 },
    "2026-03-03": { status: "invalid", valid: 0, invalid: 1, missing: 0, gaps: 1 },
    "2026-03-04": { status: "missing", valid: 0, invalid: 0, missing: 1, gaps: 1 },
  });
  expect(rows[1]!.days).toEqual({});

  const day = await queryAccountDay(prisma, A, new Date("2026-03-01T00:00:00Z"));
  expect(day.regions).toEqual({ "eu-west-1": { 0: { status: "valid", valid: 1, invalid: 0, missing: 0 }, 1: { status: "valid", valid: 1, invalid: 0, missing: 0 }, 23: { status: "invalid", valid: 0, invalid: 1, missing: 0 } } });

  // A later run over part of the day: the day counts the latest verdict on each file, whichever run gave it.
  const rerun = await prisma.validationRun.create({
    data: { trailId: trailA.id, accountId: A, regions: ["eu-west-1"], windowStart: new Date("2026-03-01"), windowEnd: new Date("2026-03-02"), trigger: "test", status: "succeeded" },
  });
  await prisma.fileVerdict.create({ data: { ...verdict("l2", "2026-03-01T23:55:00Z", "valid"), runId: rerun.id } });
  await rollUpValidationRun(prisma, rerun.id);
  const { accounts: after } = await queryIntegrityHeatmap(prisma, { from: new Date("2026-03-01"), to: new Date("2026-03-01") });
  expect(after[0]!.days["2026-03-01"]).toEqual({ status: "valid", valid: 3, invalid: 0, missing: 0, gaps: 0 });
});
