import { createHash } from "node:crypto";
import { afterAll, beforeEach, describe, expect, test } from "vitest";
import type { AuditContext } from "@/lib/db/audit-repository";
import { checklistHeatmapWithExceptions } from "@/lib/services/exceptions/checklist-heatmap";
import { integrityHeatmapWithExceptions } from "@/lib/services/exceptions/integrity-heatmap";
import { decideException } from "@/lib/services/exceptions/decide";
import { recordExpiredExceptions } from "@/lib/services/exceptions/expiry";
import { ExceptionRefusal, proposeException } from "@/lib/services/exceptions/propose";
import { loadReportModel } from "@/lib/services/evidence/load-report";
import { exceptionsChangedBetween } from "@/lib/db/exceptions-repository";
import { resetDatabase, testPrisma } from "@/lib/testing/database";

// The whole life of an exception against a real PostgreSQL: proposed by an operator, approved by another person, its
// cell excepted and the account's score with and without it apart by what the formula gives by hand, then the clock
// moves past its expiry: the failure is back, with one audit record and one alert.

const prisma = testPrisma();
beforeEach(() => resetDatabase());
afterAll(() => prisma.$disconnect());

const A = "111111111111";
const B = "222222222222";
const operator: AuditContext = { actor: { id: "otto", name: "Otto Operator", roles: ["operator"], mode: "oidc" }, source: { ip: "127.0.0.1", userAgent: "test" } };
const admin: AuditContext = { actor: { id: "ada", name: "Ada Admin", roles: ["admin"], mode: "oidc" }, source: { ip: "127.0.0.1", userAgent: "test" } };
const otto_admin: AuditContext = { actor: { id: "otto", name: "Otto Operator", roles: ["admin"], mode: "oidc" }, source: { ip: "127.0.0.1", userAgent: "test" } };

const CREATED = new Date("2026-03-01T09:00:00Z");
const APPROVED = new Date("2026-03-01T10:00:00Z");
const EXPIRES = "2026-06-01T00:00:00Z";

/**
 * Account A (Root/Sandbox/Dev), one trail, four results of its latest scan: logging_enabled (critical, pass),
 * multi_region (critical, FAIL), log_file_validation (high, pass), kms_cmk (high, FAIL). By hand, weights critical 10,
 * high 5: earned 10 + 5 = 15, possible 15 + 10 + 5 = 30, score without exceptions 50 (stored by the scan as 50).
 * Account B (Root/Security): multi_region fails there too, and no exception covers it.
 */
async function fixture() {
  await prisma.account.createMany({ data: [{ id: A, name: "sandbox-dev", ouPath: "Root/Sandbox/Dev" }, { id: B, name: "security", ouPath: "Root/Security" }] });
  const trail = await prisma.trail.create({ data: { arn: `arn:aws:cloudtrail:us-east-1:${A}:trail/main`, name: "main", accountId: A, homeRegion: "us-east-1" } });
  const trailB = await prisma.trail.create({ data: { arn: `arn:aws:cloudtrail:us-east-1:${B}:trail/sec`, name: "sec", accountId: B, homeRegion: "us-east-1", isMultiRegion: true } });
  const scan = await prisma.scanRun.create({ data: { trigger: "cli", status: "succeeded", createdAt: new Date("2026-02-28T00:00:00Z") } });
  await prisma.scanAccount.createMany({ data: [{ scanId: scan.id, accountId: A, status: "succeeded", score: 50 }, { scanId: scan.id, accountId: B, status: "succeeded", score: 0 }] });
  const row = (accountId: string, trailId: string, checkId: string, status: "pass" | "fail", severity: "critical" | "high") => ({ scanId: scan.id, accountId, trailId, checkId, status, severity, reason: "r" });
  await prisma.checkResult.createMany({
    data: [
      row(A, trail.id, "logging_enabled", "pass", "critical"),
      row(A, trail.id, "multi_region", "fail", "critical"),
      row(A, trail.id, "log_file_validation", "pass", "high"),
      row(A, trail.id, "kms_cmk", "fail", "high"),
      row(B, trailB.id, "multi_region", "fail", "critical"),
    ],
  });
}

const proposal = { scope: "organizational_unit", checkId: "multi_region", ouPath: "Root/Sandbox", justification: "Sandbox accounts log one region on purpose (cost)", owner: "Platform team", expiresAt: EXPIRES };

describe("an exception's life", () => {
  test("proposed, approved by another person, excepted, expired: the failure is back with an audit record and an alert", async () => {
    await fixture();
    const proposed = await proposeException(prisma, operator, proposal, { now: CREATED });
    // Proposed only: nothing changes yet.
    let heatmap = await checklistHeatmapWithExceptions(prisma, {}, APPROVED);
    expect(heatmap.accounts.find((a) => a.id === A)).toMatchObject({ score: 50, scoreWithExceptions: 50, excepted: {} });

    // The proposer, even as an administrator, may not approve their own exception with sign-in on.
    await expect(decideException(prisma, otto_admin, proposed.id, "approve", null, APPROVED)).rejects.toThrow("Two people decide an exception");
    await decideException(prisma, admin, proposed.id, "approve", null, APPROVED);

    heatmap = await checklistHeatmapWithExceptions(prisma, {}, new Date("2026-04-01T00:00:00Z"));
    const a = heatmap.accounts.find((x) => x.id === A)!;
    // By hand: multi_region's 10 leaves both sums: 15 / (30 − 10) = 75 with exceptions; 50 without.
    expect([a.score, a.scoreWithExceptions]).toEqual([50, 75]);
    // The cell shows what the page shows (the stored verdict, fail, stays stored and on the account page).
    expect(a.cells).toMatchObject({ multi_region: "excepted", kms_cmk: "fail" });
    expect(a.excepted).toEqual({ multi_region: "excepted by Ada Admin until 2026-06-01: Sandbox accounts log one region on purpose (cost)" });
    // Account B is not under Root/Sandbox: its failure stays a failure.
    expect(heatmap.accounts.find((x) => x.id === B)).toMatchObject({ score: 0, scoreWithExceptions: 0, excepted: {} });

    // Nothing to record before the expiry.
    expect(await recordExpiredExceptions(prisma, new Date("2026-05-31T23:59:00Z"))).toEqual([]);

    // The clock moves past the expiry: the cell is a fail again, the scores agree, by the clock alone.
    const after = new Date("2026-06-01T00:01:00Z");
    heatmap = await checklistHeatmapWithExceptions(prisma, {}, after);
    expect(heatmap.accounts.find((x) => x.id === A)).toMatchObject({ score: 50, scoreWithExceptions: 50, excepted: {} });

    // The first tick after it records the moment once: an audit entry and an alert, notified.
    const notices = await recordExpiredExceptions(prisma, after);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: "exception-expired", severity: "critical", state: "open", title: "Exception expired: multi_region under OU Root/Sandbox", firstSeen: new Date(EXPIRES), lastSeen: after });
    expect(await recordExpiredExceptions(prisma, new Date("2026-06-01T00:02:00Z"))).toEqual([]);
    const trail = await prisma.auditEvent.findMany({ orderBy: { id: "asc" }, select: { actor: true, action: true, target: true, outcome: true } });
    expect(trail).toEqual([
      { actor: "otto", action: "exception.propose", target: proposed.id, outcome: "succeeded" },
      { actor: "ada", action: "exception.approve", target: proposed.id, outcome: "succeeded" },
      { actor: "system:exceptions", action: "exception.expire", target: proposed.id, outcome: "succeeded" },
    ]);
    expect(await prisma.alert.count()).toBe(1);

    // An evidence report over March to June lists it (approver, dates, justification), and over April marks the
    // failure it covered as excepted, keeping the real verdict; its score with exceptions is the hand-computed 75.
    const report = (from: string, to: string) =>
      loadReportModel(prisma, { id: "00000000-0000-4000-8000-0000000000f1", scope: { kind: "account", accountId: A }, window: { from: new Date(from), to: new Date(to) }, generatedBy: "test", productVersion: "test" });
    const april = await report("2026-02-01T00:00:00Z", "2026-04-01T00:00:00Z");
    expect(april.exceptions).toEqual([expect.objectContaining({ id: proposed.id, covers: "multi_region under OU Root/Sandbox", approvedByName: "Ada Admin", proposedByName: "Otto Operator", approvedAt: APPROVED, expiresAt: new Date(EXPIRES), justification: proposal.justification })]);
    const checks = april.trails.flatMap((t) => t.checks);
    expect(checks.find((c) => c.checkId === "multi_region")).toMatchObject({ status: "fail", exceptedBy: expect.stringContaining("excepted by Ada Admin until 2026-06-01") });
    expect(checks.find((c) => c.checkId === "kms_cmk")).toMatchObject({ status: "fail", exceptedBy: null });
    expect([april.score.score, april.scoreWithExceptions.score]).toEqual([50, 75]);
    // A window after the expiry: nothing listed, nothing excepted.
    const july = await report("2026-02-01T00:00:00Z", "2026-07-01T00:00:00Z");
    expect(july.exceptions).toHaveLength(1); // it applied during part of this window
    expect(july.trails.flatMap((t) => t.checks).every((c) => c.exceptedBy === null)).toBe(true);
    expect((await report("2026-06-02T00:00:00Z", "2026-07-01T00:00:00Z")).exceptions).toEqual([]);
  });

  test("a revoked exception stops applying at once and never expires into an alert", async () => {
    await fixture();
    const e = await proposeException(prisma, operator, { ...proposal, scope: "account", accountId: A, ouPath: undefined }, { now: CREATED });
    await decideException(prisma, admin, e.id, "approve", null, APPROVED);
    expect((await checklistHeatmapWithExceptions(prisma, {}, new Date("2026-03-02T00:00:00Z"))).accounts[0]!.scoreWithExceptions).toBe(75);
    await expect(decideException(prisma, operator, e.id, "revoke", "no longer needed", new Date("2026-03-03T00:00:00Z"))).rejects.toBeInstanceOf(ExceptionRefusal);
    await decideException(prisma, admin, e.id, "revoke", "the sandbox is now multi-region", new Date("2026-03-03T00:00:00Z"));
    expect((await checklistHeatmapWithExceptions(prisma, {}, new Date("2026-03-04T00:00:00Z"))).accounts[0]!.scoreWithExceptions).toBe(50);
    expect(await recordExpiredExceptions(prisma, new Date("2026-07-01T00:00:00Z"))).toEqual([]);
    expect(await prisma.exception.findUniqueOrThrow({ where: { id: e.id } })).toMatchObject({ revokedByName: "Ada Admin", revokeReason: "the sandbox is now multi-region" });
  });

  test("what changed in a week: an exception approved in it is new, one whose expiry fell in it expired, a revoked one neither", async () => {
    await fixture();
    const kept = await proposeException(prisma, operator, proposal, { now: CREATED });
    await decideException(prisma, admin, kept.id, "approve", null, APPROVED);
    const revoked = await proposeException(prisma, operator, { ...proposal, scope: "account", accountId: A, ouPath: undefined, expiresAt: "2026-03-05T00:00:00Z" }, { now: CREATED });
    await decideException(prisma, admin, revoked.id, "approve", null, APPROVED);
    await decideException(prisma, admin, revoked.id, "revoke", "fixed", new Date("2026-03-02T00:00:00Z"));
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    // The week of 1 March: both approved then (the revoked one too: it was approved that week).
    const march = await exceptionsChangedBetween(prisma, new Date("2026-02-27T00:00:00Z"), new Date("2026-03-06T00:00:00Z"));
    expect(ids(march.approved).sort()).toEqual([kept.id, revoked.id].sort());
    expect(march.expired).toEqual([]); // the revoked one's expiry (5 March) fell after its revocation: it never expired
    // The week of its expiry (1 June): the kept one expired, nothing was approved.
    const june = await exceptionsChangedBetween(prisma, new Date("2026-05-27T00:00:00Z"), new Date("2026-06-02T00:00:00Z"));
    expect(june.approved).toEqual([]);
    expect(ids(june.expired)).toEqual([kept.id]);
  });

  test("one integrity finding by its export id: resolved to its file, its day excepted on the integrity heatmap", async () => {
    await fixture();
    const trail = await prisma.trail.findUniqueOrThrow({ where: { arn: `arn:aws:cloudtrail:us-east-1:${A}:trail/main` } });
    const run = await prisma.validationRun.create({ data: { trailId: trail.id, accountId: A, regions: ["us-east-1"], windowStart: new Date("2026-03-09T00:00:00Z"), windowEnd: new Date("2026-03-11T00:00:00Z"), trigger: "test", status: "succeeded" } });
    const key = "AWSLogs/111111111111/CloudTrail/us-east-1/2026/03/10/x.json.gz";
    await prisma.fileVerdict.create({ data: { runId: run.id, accountId: A, region: "us-east-1", kind: "log", status: "invalid", s3Bucket: "logs", s3Key: key, fileTime: new Date("2026-03-10T05:00:00Z"), actualHash: "a".repeat(64), etag: '"a1"' } });
    await prisma.integrityDay.create({ data: { accountId: A, region: "us-east-1", day: new Date("2026-03-10"), trailId: trail.id, runId: run.id, validCount: 5, invalidCount: 1 } });
    // The id as docs/export.md defines it, computed here from the definition: the SHA-256 of ["s3://bucket/key"].
    const id = `trailproof/file/${createHash("sha256").update(`["s3://logs/${key}"]`).digest("hex").slice(0, 40)}`;
    const finding = { scope: "finding", findingId: id, justification: "Rewritten by the 2026-03 migration, replaced by a signed copy", owner: "Security", expiresAt: EXPIRES };

    await expect(proposeException(prisma, operator, { ...finding, findingId: `trailproof/file/${"0".repeat(40)}` }, { now: CREATED })).rejects.toThrow("findingId: no INVALID, missing or unreadable file or integrity finding TrailProof has stored has the id");
    const e = await proposeException(prisma, operator, finding, { now: CREATED });
    expect(e).toMatchObject({ accountId: A, trailArn: trail.arn, objectTime: new Date("2026-03-10T05:00:00Z"), findingLabel: `s3://logs/${key} (invalid, ETag "a1", SHA-256 ${"a".repeat(64)})` });
    const window = { from: new Date("2026-03-09T00:00:00Z"), to: new Date("2026-03-11T00:00:00Z") };
    const cell = async (at: string) => (await integrityHeatmapWithExceptions(prisma, window, {}, 100, new Date(at))).accounts.find((a) => a.id === A)!.days["2026-03-10"];
    expect(await cell("2026-03-02T00:00:00Z")).toMatchObject({ status: "invalid", invalid: 1 });
    await decideException(prisma, admin, e.id, "approve", null, APPROVED);
    expect(await cell("2026-03-02T00:00:00Z")).toMatchObject({ status: "excepted", invalid: 1, valid: 5, excepted: `s3://logs/${key} (invalid, ETag "a1", SHA-256 ${"a".repeat(64)}): excepted by Ada Admin until 2026-06-01: ${finding.justification}` });
    expect(await cell("2026-06-01T00:00:00Z")).toMatchObject({ status: "invalid" });
    // The evidence report over those days lists it and marks the file, whose verdict stays INVALID.
    const report = await loadReportModel(prisma, { id: "00000000-0000-4000-8000-0000000000f2", scope: { kind: "account", accountId: A }, window, generatedBy: "test", productVersion: "test" });
    expect(report.exceptions.map((x) => [x.id, x.covers, x.approvedByName])).toEqual([[e.id, `s3://logs/${key} (invalid, ETag "a1", SHA-256 ${"a".repeat(64)})`, "Ada Admin"]]);
    const flagged = report.validations.flatMap((v) => v.flaggedFiles);
    expect(flagged.map((f) => [f.s3Uri, f.status, f.exceptedBy])).toEqual([[`s3://logs/${key}`, "invalid", `excepted by Ada Admin until 2026-06-01: ${finding.justification}`]]);
  });

  test("a bad proposal is refused with the field and the reason, and nothing is stored", async () => {
    await expect(proposeException(prisma, operator, { ...proposal, justification: "", expiresAt: "2028-01-01" }, { now: CREATED })).rejects.toThrow(
      "justification: say why the risk is accepted (at least 10 characters); expiresAt: expires must be at most a year (366 days) after the exception is created",
    );
    expect(await prisma.exception.count()).toBe(0);
    expect(await prisma.auditEvent.count()).toBe(0);
  });
});
