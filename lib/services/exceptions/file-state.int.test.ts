import { createHash } from "node:crypto";
import { afterAll, beforeEach, describe, expect, test } from "vitest";
import type { AuditContext } from "@/lib/db/audit-repository";
import { rollUpValidationRun } from "@/lib/db/integrity-days-repository";
import { decideException } from "@/lib/services/exceptions/decide";
import { fileExceptionNotes } from "@/lib/services/exceptions/file-exception";
import { integrityHeatmapWithExceptions } from "@/lib/services/exceptions/integrity-heatmap";
import { ExceptionRefusal, proposeException } from "@/lib/services/exceptions/propose";
import { loadReportModel } from "@/lib/services/evidence/load-report";
import { loadExportFindings } from "@/lib/services/export/load-findings";
import { resetDatabase, testPrisma } from "@/lib/testing/database";

// An exception accepts a file in a state, not a key. The attacker of this product can write to the log bucket: after
// an exception for a MISSING log file is approved, they put a forged file at that very key. Its id (the S3 URI) is the
// same; the exception must not hide it anywhere: not on the integrity heatmap, not in an export, not in an evidence
// report. And a day on the heatmap is excepted by its problems one by one, never by counting exceptions against them.

const prisma = testPrisma();
beforeEach(() => resetDatabase());
afterAll(() => prisma.$disconnect());

const A = "111111111111";
const operator: AuditContext = { actor: { id: "otto", name: "Otto Operator", roles: ["operator"], mode: "oidc" }, source: { ip: "127.0.0.1", userAgent: "test" } };
const admin: AuditContext = { actor: { id: "ada", name: "Ada Admin", roles: ["admin"], mode: "oidc" }, source: { ip: "127.0.0.1", userAgent: "test" } };

const DAY = "2026-03-10";
const WINDOW = { from: new Date("2026-03-09T00:00:00Z"), to: new Date("2026-03-20T00:00:00Z") };
const NOW = new Date("2026-03-20T00:00:00Z");
const FORGED_SHA = "f".repeat(64);
const keyOf = (n: number) => `AWSLogs/${A}/CloudTrail/us-east-1/2026/03/10/${A}_CloudTrail_us-east-1_20260310T05${String(n).padStart(2, "0")}Z_x.json.gz`;
// The export id as docs/export.md defines it, computed here from the definition: the SHA-256 of ["s3://bucket/key"].
const idOf = (key: string) => `trailproof/file/${createHash("sha256").update(`["s3://logs/${key}"]`).digest("hex").slice(0, 40)}`;

async function trail() {
  await prisma.account.create({ data: { id: A, name: "sandbox", ouPath: "Root/Sandbox" } });
  return prisma.trail.create({ data: { arn: `arn:aws:cloudtrail:us-east-1:${A}:trail/main`, name: "main", accountId: A, homeRegion: "us-east-1", s3BucketName: "logs", logFileValidation: true } });
}

type Verdict = { key: string; status: "valid" | "invalid" | "missing"; actualHash?: string; etag?: string | null; lastModified?: string };

/** One finished validation run of the trail over the day, checked at `checkedAt`, rolled up as a real run is. */
async function validate(trailId: string, checkedAt: string, verdicts: Verdict[]) {
  const run = await prisma.validationRun.create({
    data: { trailId, accountId: A, regions: ["us-east-1"], windowStart: new Date(`${DAY}T00:00:00Z`), windowEnd: new Date(`${DAY}T23:59:59Z`), trigger: "test", status: "succeeded", createdAt: new Date(checkedAt), finishedAt: new Date(checkedAt) },
  });
  await prisma.fileVerdict.createMany({
    data: verdicts.map((v, n) => ({
      runId: run.id, accountId: A, region: "us-east-1", kind: "log" as const, status: v.status, s3Bucket: "logs", s3Key: v.key,
      fileTime: new Date(`${DAY}T05:${String(n).padStart(2, "0")}:00Z`), reason: v.status === "valid" ? null : v.status === "invalid" ? "hash value doesn't match" : "not found",
      // A file S3 listed has an ETag (one per content here); a missing one has none.
      expectedHash: "e".repeat(64), actualHash: v.actualHash ?? null, etag: v.etag !== undefined ? v.etag : v.status === "missing" ? null : `"${(v.actualHash ?? "0").slice(0, 8)}"`,
      lastModified: v.status === "missing" ? null : new Date(v.lastModified ?? `${DAY}T05:05:00Z`), checkedAt: new Date(checkedAt),
    })),
  });
  await rollUpValidationRun(prisma, run.id);
  return run;
}

async function exceptFile(key: string) {
  const e = await proposeException(prisma, operator, { scope: "finding", findingId: idOf(key), justification: "Lost in the 2026-03 bucket migration, copy kept offline", owner: "Security", expiresAt: "2026-06-01" }, { now: new Date("2026-03-12T00:00:00Z") });
  await decideException(prisma, admin, e.id, "approve", null, new Date("2026-03-12T01:00:00Z"));
  return e;
}

const cell = async () => (await integrityHeatmapWithExceptions(prisma, WINDOW, {}, 100, NOW)).accounts.find((a) => a.id === A)!.days[DAY];
const exported = async (key: string) => (await loadExportFindings(prisma, { window: WINDOW })).findings.find((f) => f.id === idOf(key));
const reported = async (key: string) => {
  const report = await loadReportModel(prisma, { id: "00000000-0000-4000-8000-0000000000f3", scope: { kind: "account", accountId: A }, window: WINDOW, generatedBy: "test", productVersion: "test" });
  return report.validations.flatMap((v) => v.flaggedFiles).find((f) => f.s3Uri === `s3://logs/${key}`);
};

describe("a file exception covers the state it accepted", () => {
  test("an exception for a missing file does not hide a forged file later written at its key", async () => {
    const { id: trailId } = await trail();
    const lost = keyOf(0);
    await validate(trailId, "2026-03-11T00:00:00Z", [{ key: lost, status: "missing" }, { key: keyOf(1), status: "valid", actualHash: "e".repeat(64) }]);
    const e = await exceptFile(lost);
    // The approver reads the state accepted with the object's name.
    expect(e).toMatchObject({ fileStatus: "missing", fileActualHash: null, fileEtag: null, findingLabel: `s3://logs/${lost} (missing)` });

    // Accepted as missing, still missing: excepted everywhere.
    expect(await cell()).toMatchObject({ status: "excepted", missing: 1 });
    expect(await exported(lost)).toMatchObject({ status: "missing", workflowStatus: "suppressed" });
    expect((await reported(lost))?.exceptedBy).toContain("excepted by Ada Admin until 2026-06-01");

    // The attacker writes a forged file at the key; the next validation finds it INVALID.
    await validate(trailId, "2026-03-15T00:00:00Z", [{ key: lost, status: "invalid", actualHash: FORGED_SHA }, { key: keyOf(1), status: "valid", actualHash: "e".repeat(64) }]);
    expect(await cell()).toMatchObject({ status: "invalid", invalid: 1, missing: 0 });
    expect((await cell())?.excepted).toBeUndefined();
    expect(await exported(lost)).toMatchObject({ status: "invalid", workflowStatus: "new" });
    expect(await reported(lost)).toMatchObject({ status: "invalid", exceptedBy: null });
    // The file's page says which exception it has outgrown, and how.
    expect(await fileExceptionNotes(prisma, `s3://logs/${lost}`, { status: "invalid", actualHash: FORGED_SHA, etag: '"ffffffff"', lastModified: new Date("2026-03-14T00:00:00Z") }, NOW)).toEqual({
      findingId: idOf(lost),
      exceptedBy: null,
      outgrown: `An exception accepted this file as missing (excepted by Ada Admin until 2026-06-01: Lost in the 2026-03 bucket migration, copy kept offline); this verdict says invalid, ETag "ffffffff", SHA-256 ${FORGED_SHA}, so the exception does not cover it.`,
    });
    expect(await fileExceptionNotes(prisma, `s3://logs/${lost}`, { status: "missing", actualHash: null, etag: null, lastModified: null }, NOW)).toEqual({
      findingId: idOf(lost),
      exceptedBy: "excepted by Ada Admin until 2026-06-01: Lost in the 2026-03 bucket migration, copy kept offline",
      outgrown: null,
    });
  });

  test("an exception for an INVALID file covers that content only: rewritten again, it shows", async () => {
    const { id: trailId } = await trail();
    const edited = keyOf(0);
    await validate(trailId, "2026-03-11T00:00:00Z", [{ key: edited, status: "invalid", actualHash: "a".repeat(64) }]);
    expect(await exceptFile(edited)).toMatchObject({ fileStatus: "invalid", fileActualHash: "a".repeat(64), fileEtag: '"aaaaaaaa"', findingLabel: `s3://logs/${edited} (invalid, ETag "aaaaaaaa", SHA-256 ${"a".repeat(64)})` });
    expect(await cell()).toMatchObject({ status: "excepted", invalid: 1 });
    expect(await exported(edited)).toMatchObject({ workflowStatus: "suppressed" });

    await validate(trailId, "2026-03-15T00:00:00Z", [{ key: edited, status: "invalid", actualHash: FORGED_SHA }]);
    expect(await cell()).toMatchObject({ status: "invalid", invalid: 1 });
    expect(await exported(edited)).toMatchObject({ workflowStatus: "new" });
    expect(await reported(edited)).toMatchObject({ exceptedBy: null });
  });

  test("an INVALID log with data appended after its first gzip member (same SHA-256, another ETag) is not the object excepted", async () => {
    const { id: trailId } = await trail();
    const edited = keyOf(0);
    await validate(trailId, "2026-03-11T00:00:00Z", [{ key: edited, status: "invalid", actualHash: "a".repeat(64), etag: '"first"' }]);
    await exceptFile(edited);
    expect(await cell()).toMatchObject({ status: "excepted" });
    // TrailProof hashes a log's first gzip member: forged events appended after it leave the SHA-256 as it was.
    await validate(trailId, "2026-03-15T00:00:00Z", [{ key: edited, status: "invalid", actualHash: "a".repeat(64), etag: '"appended"' }]);
    expect(await cell()).toMatchObject({ status: "invalid", invalid: 1 });
    expect(await exported(edited)).toMatchObject({ workflowStatus: "new" });
    expect(await reported(edited)).toMatchObject({ exceptedBy: null });
  });

  test("an INVALID log written again with a colliding MD5 (same ETag and SHA-256) is not the object excepted: S3's LastModified moved", async () => {
    const { id: trailId } = await trail();
    const edited = keyOf(0);
    await validate(trailId, "2026-03-11T00:00:00Z", [{ key: edited, status: "invalid", actualHash: "a".repeat(64), etag: '"same-md5"' }]);
    await exceptFile(edited);
    expect(await cell()).toMatchObject({ status: "excepted" });
    await validate(trailId, "2026-03-15T00:00:00Z", [{ key: edited, status: "invalid", actualHash: "a".repeat(64), etag: '"same-md5"', lastModified: "2026-03-14T00:00:00Z" }]);
    expect(await cell()).toMatchObject({ status: "invalid", invalid: 1 });
    expect(await exported(edited)).toMatchObject({ workflowStatus: "new" });
  });

  test("an INVALID file with no ETag recorded (a digest) cannot be excepted: nothing would tell it from a later rewrite", async () => {
    const { id: trailId } = await trail();
    await validate(trailId, "2026-03-11T00:00:00Z", [{ key: keyOf(0), status: "invalid", actualHash: "a".repeat(64), etag: null }]);
    await expect(exceptFile(keyOf(0))).rejects.toThrow(`findingId: s3://logs/${keyOf(0)} is INVALID and TrailProof recorded no ETag for it (digest files have none), so an exception could not tell it from a later rewrite: it cannot be excepted`);
    expect(await prisma.exception.count()).toBe(0);
  });

  test("a day is excepted by its problems one by one: an exception for a file valid again does not except another file's forgery", async () => {
    const { id: trailId } = await trail();
    await validate(trailId, "2026-03-11T00:00:00Z", [{ key: keyOf(0), status: "missing" }, { key: keyOf(1), status: "valid", actualHash: "e".repeat(64) }]);
    await exceptFile(keyOf(0));
    expect(await cell()).toMatchObject({ status: "excepted" });
    // The missing file is restored (valid), and another file of the same day is forged: one problem, one exception
    // placed on that day, and still nothing covers the problem there is.
    await validate(trailId, "2026-03-15T00:00:00Z", [{ key: keyOf(0), status: "valid", actualHash: "e".repeat(64) }, { key: keyOf(1), status: "invalid", actualHash: FORGED_SHA }]);
    expect(await cell()).toMatchObject({ status: "invalid", invalid: 1, missing: 0 });
  });

  test("a gap found by a strict run is excepted by its export id on each day it spans, and only there", async () => {
    const { id: trailId, arn } = await trail();
    const run = await validate(trailId, "2026-03-11T00:00:00Z", [{ key: keyOf(0), status: "valid", actualHash: "e".repeat(64) }]);
    const gap = { kind: "gap", from: "2026-03-10T06:00:00.000Z", to: "2026-03-11T02:00:00.000Z" };
    await prisma.finding.create({ data: { runId: run.id, accountId: A, region: "us-east-1", kind: gap.kind, message: "No digest file covers 20 hours", fromTime: new Date(gap.from), toTime: new Date(gap.to) } });
    await rollUpValidationRun(prisma, run.id);
    // The id as docs/export.md defines it for a finding with a time span: kind, trail, account, region, from, to.
    const id = `trailproof/integrity/${createHash("sha256").update(JSON.stringify([gap.kind, arn, A, "us-east-1", gap.from, gap.to])).digest("hex").slice(0, 40)}`;
    const e = await proposeException(prisma, operator, { scope: "finding", findingId: id, justification: "Logging paused for the region move, change CHG-42", owner: "Security", expiresAt: "2026-06-01" }, { now: new Date("2026-03-12T00:00:00Z") });
    await decideException(prisma, admin, e.id, "approve", null, new Date("2026-03-12T01:00:00Z"));
    const days = (await integrityHeatmapWithExceptions(prisma, WINDOW, {}, 100, NOW)).accounts.find((a) => a.id === A)!.days;
    expect(days[DAY]).toMatchObject({ status: "excepted", gaps: 1 });
    expect(days["2026-03-11"]).toMatchObject({ status: "excepted", gaps: 1 });
    // Another region's view has no problem of it to except.
    const west = (await integrityHeatmapWithExceptions(prisma, WINDOW, { region: "eu-west-1" }, 100, NOW)).accounts.find((a) => a.id === A)!.days;
    expect(west[DAY]).toBeUndefined();
  });

  test("a tampering finding (its id names a place, not one event) cannot be excepted", async () => {
    const { id: trailId, arn } = await trail();
    const run = await validate(trailId, "2026-03-11T00:00:00Z", [{ key: keyOf(0), status: "valid", actualHash: "e".repeat(64) }]);
    const stray = `s3://logs/${keyOf(9)}`;
    await prisma.finding.create({ data: { runId: run.id, accountId: A, region: "us-east-1", kind: "log-unreferenced", message: "No digest lists this log file", s3Uri: stray } });
    // The id as docs/export.md defines it for a finding naming an object: kind, trail, account, region, S3 URI.
    const id = `trailproof/integrity/${createHash("sha256").update(JSON.stringify(["log-unreferenced", arn, A, "us-east-1", stray])).digest("hex").slice(0, 40)}`;
    const proposing = proposeException(prisma, operator, { scope: "finding", findingId: id, justification: "Copied in by the 2026-03 migration tool", owner: "Security", expiresAt: "2026-06-01" }, { now: NOW });
    await expect(proposing).rejects.toThrow(`findingId: log-unreferenced in ${A} us-east-1: ${stray} is tampering (log-unreferenced), and its id names a place rather than one event, so an exception would also hide the next tampering there: it cannot be excepted`);
    expect(await prisma.exception.count()).toBe(0);
  });

  test("a file valid again by its latest validation cannot be excepted", async () => {
    const { id: trailId } = await trail();
    await validate(trailId, "2026-03-11T00:00:00Z", [{ key: keyOf(0), status: "missing" }]);
    await validate(trailId, "2026-03-15T00:00:00Z", [{ key: keyOf(0), status: "valid", actualHash: "e".repeat(64) }]);
    const proposing = proposeException(prisma, operator, { scope: "finding", findingId: idOf(keyOf(0)), justification: "Lost in the 2026-03 bucket migration", owner: "Security", expiresAt: "2026-06-01" }, { now: NOW });
    await expect(proposing).rejects.toBeInstanceOf(ExceptionRefusal);
    await expect(proposing).rejects.toThrow(`findingId: s3://logs/${keyOf(0)} is valid by its latest validation: there is nothing to except`);
  });
});
