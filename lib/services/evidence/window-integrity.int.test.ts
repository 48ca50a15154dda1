import { afterAll, beforeEach, describe, expect, test } from "vitest";
import type { Prisma } from "@/lib/db/generated/client";
import { resetDatabase, testPrisma } from "@/lib/testing/database";
import { loadReportModel } from "@/lib/services/evidence/load-report";
import { renderReportHtml } from "@/lib/services/evidence/render-html";
import { loadTrailIntegrity } from "@/lib/services/evidence/trail-integrity";

// Evidence judges the window, not the latest click (issue 14): the report and the trail page read every file by its
// latest verdict over all finished runs inside the window, and say what no run covered. Rows are written straight to
// a real PostgreSQL; every expected value below is written by hand from the seeded rows.

const prisma = testPrisma();
const OWNER = "111111111111";
const MEMBER = "333333333333";
const SILENT_MEMBER = "444444444444";
const BUCKET = "org-cloudtrail-logs";
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${OWNER}:trail/org-trail`;
const WINDOW = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };
const ALL_VALID = "every digest and log file in the window is valid";

const at = (iso: string) => new Date(iso);
const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, "").slice(0, 13) + "Z";
const logKey = (account: string, region: string, time: Date, n: number) =>
  `AWSLogs/${account}/CloudTrail/${region}/${time.toISOString().slice(0, 10).replaceAll("-", "/")}/${account}_CloudTrail_${region}_${stamp(time)}_f${n}.json.gz`;
const uri = (key: string) => `s3://${BUCKET}/${key}`;

interface TrailSetup {
  organization?: boolean;
  multiRegion?: boolean;
  /** Regions each account's scan recorded. */
  scanned?: Record<string, string[]>;
}

async function seedTrail(setup: TrailSetup = {}) {
  const accounts = Object.keys(setup.scanned ?? { [OWNER]: [] });
  await prisma.account.createMany({ data: accounts.map((id) => ({ id, name: `acct-${id}`, source: setup.organization ? "organization" : "configured" })) });
  const scan = await prisma.scanRun.create({ data: { trigger: "test", status: "succeeded", createdAt: at("2026-11-01T00:30:00Z") } });
  await prisma.scanAccount.createMany({ data: accounts.map((accountId) => ({ scanId: scan.id, accountId, status: "succeeded", regions: setup.scanned?.[accountId] ?? [] })) });
  return prisma.trail.create({
    data: { arn: TRAIL_ARN, accountId: OWNER, name: "org-trail", homeRegion: "us-east-1", isOrganizationTrail: !!setup.organization, isMultiRegion: !!setup.multiRegion, s3BucketName: BUCKET, logFileValidation: true },
  });
}

interface VerdictSeed {
  account?: string;
  region?: string;
  key: string;
  time: Date;
  status: "valid" | "invalid" | "missing" | "unreadable";
}

async function seedRun(trailId: string, window: { from: Date; to: Date }, createdAt: Date, verdicts: VerdictSeed[], status: "succeeded" | "partial" | "failed" | "running" = "succeeded") {
  const run = await prisma.validationRun.create({
    data: { trailId, accountId: OWNER, regions: ["us-east-1"], windowStart: window.from, windowEnd: window.to, trigger: "test", status, createdAt, finishedAt: status === "running" ? null : createdAt },
  });
  const rows: Prisma.FileVerdictCreateManyInput[] = verdicts.map((v) => ({
    runId: run.id,
    accountId: v.account ?? OWNER,
    region: v.region ?? "us-east-1",
    kind: "log",
    status: v.status,
    reason: v.status === "invalid" ? "hash value doesn't match" : v.status === "missing" ? "not found" : v.status === "unreadable" ? "AccessDenied: kms:Decrypt denied" : null,
    s3Bucket: BUCKET,
    s3Key: v.key,
    fileTime: v.time,
    checkedAt: createdAt,
  }));
  if (rows.length) await prisma.fileVerdict.createMany({ data: rows });
  return run.id;
}

async function report() {
  const model = await loadReportModel(prisma, { id: "00000000-0000-4000-8000-0000000000ee", scope: { kind: "trail", trailArn: TRAIL_ARN }, window: WINDOW, generatedBy: "test", productVersion: "0" });
  const html = renderReportHtml({ model, manifest: { sha256: "0".repeat(64), text: "" } });
  const text = html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
  return { model, validation: model.validations[0]!, text };
}

beforeEach(async () => {
  await resetDatabase();
});

afterAll(async () => {
  await prisma.$disconnect();
});

describe("a full-window run finds 5 INVALID files, then a last-hour run finds none", () => {
  test("the 30-day report (model and rendered text) and the trail page still name all 5", async () => {
    const trail = await seedTrail();
    const invalidTimes = ["2026-11-03T04:05:00Z", "2026-11-10T10:00:00Z", "2026-11-10T11:30:00Z", "2026-11-21T00:15:00Z", "2026-11-29T23:55:00Z"].map(at);
    const invalidKeys = invalidTimes.map((time, n) => logKey(OWNER, "us-east-1", time, n));
    const validKeys = [1, 15, 28].map((day, n) => ({ key: logKey(OWNER, "us-east-1", at(`2026-11-${String(day).padStart(2, "0")}T12:00:00Z`), 100 + n), time: at(`2026-11-${String(day).padStart(2, "0")}T12:00:00Z`) }));
    const fullRun = await seedRun(trail.id, WINDOW, at("2026-12-01T00:05:00Z"), [
      ...invalidKeys.map((key, n) => ({ key, time: invalidTimes[n]!, status: "invalid" as const })),
      ...validKeys.map((v) => ({ ...v, status: "valid" as const })),
    ]);
    const lastHourTime = at("2026-11-30T23:30:00Z");
    const lastHourRun = await seedRun(trail.id, { from: at("2026-11-30T23:00:00Z"), to: WINDOW.to }, at("2026-12-01T00:20:00Z"), [
      { key: logKey(OWNER, "us-east-1", lastHourTime, 200), time: lastHourTime, status: "valid" },
    ]);

    const { model, validation, text } = await report();
    expect(validation.flaggedFiles.map((f) => f.s3Uri).sort()).toEqual(invalidKeys.map(uri).sort());
    expect(validation.flaggedFiles.every((f) => f.runId === fullRun && f.status === "invalid")).toBe(true);
    expect(validation.flaggedTotal).toBe(5);
    expect(validation.regions).toEqual([{ accountId: OWNER, region: "us-east-1", digests: { valid: 0, invalid: 0, missing: 0, unreadable: 0 }, logs: { valid: 4, invalid: 5, missing: 0, unreadable: 0 }, gaps: 0 }]);
    expect(validation.runs.map((r) => r.id)).toEqual([lastHourRun, fullRun]);
    expect(model.notices).toEqual([]);
    for (const key of invalidKeys) expect(text).toContain(uri(key));
    expect(text).toContain(`The 5 INVALID and missing files follow`);
    expect(text).not.toContain(ALL_VALID);

    const page = await loadTrailIntegrity(prisma, trail, WINDOW.to);
    expect(page.flaggedFiles.map((f) => f.s3Uri).sort()).toEqual(invalidKeys.map(uri).sort());
    expect(page.headline).toBe("5 INVALID or missing files in the last 30 days, each file judged by its latest verdict over 2 finished runs.");
  });
});

describe("each file is judged by its latest verdict", () => {
  test("INVALID in an early run and valid in a later one is valid; valid early and INVALID later is INVALID; a run still going counts for nothing", async () => {
    const trail = await seedTrail();
    const healed = { key: logKey(OWNER, "us-east-1", at("2026-11-12T08:00:00Z"), 1), time: at("2026-11-12T08:00:00Z") };
    const broken = { key: logKey(OWNER, "us-east-1", at("2026-11-12T09:00:00Z"), 2), time: at("2026-11-12T09:00:00Z") };
    const early = await seedRun(trail.id, WINDOW, at("2026-12-01T00:05:00Z"), [{ ...healed, status: "invalid" }, { ...broken, status: "valid" }]);
    const later = await seedRun(trail.id, WINDOW, at("2026-12-01T01:00:00Z"), [{ ...healed, status: "valid" }, { ...broken, status: "invalid" }]);
    const running = await seedRun(trail.id, WINDOW, at("2026-12-01T02:00:00Z"), [{ ...broken, status: "valid" }], "running");

    const { model, validation, text } = await report();
    expect(validation.flaggedFiles.map((f) => [f.s3Uri, f.status, f.runId])).toEqual([[uri(broken.key), "invalid", later]]);
    expect(validation.regions[0]!.logs).toEqual({ valid: 1, invalid: 1, missing: 0, unreadable: 0 });
    expect(validation.runs.map((r) => r.id)).toEqual([later, early]);
    expect(validation.inProgress?.id).toBe(running);
    expect(text).not.toContain(uri(healed.key));
    expect(model.notices.some((n) => n.startsWith(`Validation run ${running} of org-trail is still running`))).toBe(true);
  });
});

describe("an unreadable file", () => {
  test("is counted as unreadable, not as missing, and listed with its status and read error", async () => {
    const trail = await seedTrail();
    const t = at("2026-11-12T08:00:00Z");
    const unreadable = { key: logKey(OWNER, "us-east-1", t, 1), time: t };
    const missing = { key: logKey(OWNER, "us-east-1", t, 2), time: t };
    await seedRun(trail.id, WINDOW, at("2026-12-01T00:05:00Z"), [
      { ...unreadable, status: "unreadable" },
      { ...missing, status: "missing" },
    ]);

    const { validation, text } = await report();
    expect(validation.regions[0]!.logs).toEqual({ valid: 0, invalid: 0, missing: 1, unreadable: 1 });
    expect(validation.flaggedTotal).toBe(2);
    expect(validation.flaggedFiles.map((f) => [f.s3Uri, f.status, f.reason]).sort()).toEqual(
      [
        [uri(unreadable.key), "unreadable", "AccessDenied: kms:Decrypt denied"],
        [uri(missing.key), "missing", "not found"],
      ].sort(),
    );
    expect(text).toContain("AccessDenied: kms:Decrypt denied");
    const page = await loadTrailIntegrity(prisma, trail, WINDOW.to);
    expect(page.headline).toBe("2 INVALID, missing or unreadable files in the last 30 days, each file judged by its latest verdict over 1 finished run.");
  });
});

describe("what no run covered is listed, and then nothing says every file is valid", () => {
  test("an organization trail: a member no run covered, a region no run covered, and days of a region one run left out", async () => {
    const trail = await seedTrail({
      organization: true,
      multiRegion: true,
      scanned: { [OWNER]: ["eu-west-1", "us-east-1"], [MEMBER]: ["eu-west-1", "us-east-1"], [SILENT_MEMBER]: ["us-east-1"] },
    });
    const t = at("2026-11-20T10:00:00Z");
    await seedRun(trail.id, WINDOW, at("2026-12-01T00:05:00Z"), [
      { account: OWNER, region: "us-east-1", key: logKey(OWNER, "us-east-1", t, 1), time: t, status: "valid" },
      { account: MEMBER, region: "us-east-1", key: logKey(MEMBER, "us-east-1", t, 2), time: t, status: "valid" },
    ]);
    await seedRun(trail.id, { from: at("2026-11-15T00:00:00Z"), to: WINDOW.to }, at("2026-12-01T00:10:00Z"), [
      { account: OWNER, region: "eu-west-1", key: logKey(OWNER, "eu-west-1", t, 3), time: t, status: "valid" },
    ]);

    const { validation, text, model } = await report();
    expect(validation.flaggedTotal).toBe(0);
    expect(validation.coverage).toEqual({
      regionsUnknownFor: [],
      accountsNotCovered: [SILENT_MEMBER],
      regionsNotCovered: [{ accountId: MEMBER, region: "eu-west-1" }],
      periodsNotCovered: [{ accountId: OWNER, region: "eu-west-1", from: WINDOW.from, to: at("2026-11-15T00:00:00Z") }],
      complete: false,
    });
    expect(validation.notCovered).toEqual([
      `No validation run covered account ${SILENT_MEMBER} in this window, in any region.`,
      `No validation run covered these regions in this window: eu-west-1 of account ${MEMBER}.`,
      `No validation run covered these parts of the window: UTC days 2026-11-01 to 2026-11-14 (2026-11-01 00:00:00 to 2026-11-15 00:00:00 UTC) for account ${OWNER} eu-west-1.`,
    ]);
    for (const sentence of validation.notCovered) expect(text).toContain(sentence);
    expect(model.notices.some((n) => n.startsWith("The integrity of org-trail is not proven for the whole window."))).toBe(true);
    expect(text).toContain("none among the files the runs examined");
    expect(text).not.toContain(ALL_VALID);

    const page = await loadTrailIntegrity(prisma, trail, WINDOW.to);
    expect(page.notCovered).toEqual(validation.notCovered);
    expect(page.headline).toBe("No INVALID or missing file among those 2 finished runs examined in the last 30 days; but they did not examine all of it, so this does not show that every file is valid:");
  });

  test("a run that examined zero files covers nothing; a failed run covers nothing; an aborted chain is not covered", async () => {
    const trail = await seedTrail({ multiRegion: true, scanned: { [OWNER]: ["eu-west-1", "us-east-1"] } });
    await seedRun(trail.id, WINDOW, at("2026-12-01T00:05:00Z"), []);
    const t = at("2026-11-20T10:00:00Z");
    await seedRun(trail.id, WINDOW, at("2026-12-01T00:06:00Z"), [{ region: "eu-west-1", key: logKey(OWNER, "eu-west-1", t, 1), time: t, status: "valid" }], "failed");
    const partial = await seedRun(trail.id, WINDOW, at("2026-12-01T00:07:00Z"), [{ region: "us-east-1", key: logKey(OWNER, "us-east-1", t, 2), time: t, status: "valid" }], "partial");
    await prisma.finding.create({ data: { runId: partial, accountId: OWNER, region: "us-east-1", kind: "aborted", message: "AccessDenied reading a digest" } });

    const { validation, text } = await report();
    expect(validation.coverage.accountsNotCovered).toEqual([OWNER]);
    expect(validation.notCovered).toEqual([`No validation run covered account ${OWNER} in this window, in any region.`]);
    expect(text).not.toContain(ALL_VALID);
    const page = await loadTrailIntegrity(prisma, trail, WINDOW.to);
    expect(page.headline).not.toMatch(/Every digest and log file/);
  });

  test("a chain where a run stored only findings (its files deleted: chain-missing) is not covered, so nothing says every file is valid", async () => {
    const trail = await seedTrail({ multiRegion: true, scanned: { [OWNER]: ["eu-west-1", "us-east-1"] } });
    const t = at("2026-11-20T10:00:00Z");
    const run = await seedRun(trail.id, WINDOW, at("2026-12-01T00:05:00Z"), [{ region: "us-east-1", key: logKey(OWNER, "us-east-1", t, 1), time: t, status: "valid" }]);
    await prisma.finding.create({
      data: { runId: run, accountId: OWNER, region: "eu-west-1", kind: "chain-missing", message: "no digest in the window for a chain the trail should deliver while it logs", fromTime: WINDOW.from, toTime: WINDOW.to },
    });

    const { validation, text } = await report();
    expect(validation.flaggedTotal).toBe(0);
    expect(validation.findings.map((f) => [f.kind, f.region])).toEqual([["chain-missing", "eu-west-1"]]);
    expect(validation.coverage.regionsNotCovered).toEqual([{ accountId: OWNER, region: "eu-west-1" }]);
    expect(validation.coverage.complete).toBe(false);
    expect(text).not.toContain(ALL_VALID);
    const page = await loadTrailIntegrity(prisma, trail, WINDOW.to);
    expect(page.headline).not.toMatch(/Every digest and log file/);
  });

  test("the regions of an account no scan recorded are not known, so the window is not judged complete", async () => {
    const trail = await seedTrail({ multiRegion: true });
    const t = at("2026-11-20T10:00:00Z");
    await seedRun(trail.id, WINDOW, at("2026-12-01T00:05:00Z"), [{ key: logKey(OWNER, "us-east-1", t, 1), time: t, status: "valid" }]);
    const { validation, text } = await report();
    expect(validation.coverage.regionsUnknownFor).toEqual([OWNER]);
    expect(validation.coverage.complete).toBe(false);
    expect(text).not.toContain(ALL_VALID);
  });

  test("only when every expected account and region is covered over the whole window does the report say every file is valid", async () => {
    const trail = await seedTrail({ multiRegion: true, scanned: { [OWNER]: ["eu-west-1", "us-east-1"] } });
    const t = at("2026-11-20T10:00:00Z");
    // Two runs that together cover the window: the first half, then the second.
    await seedRun(trail.id, { from: WINDOW.from, to: at("2026-11-16T00:00:00Z") }, at("2026-11-16T00:05:00Z"), [
      { region: "us-east-1", key: logKey(OWNER, "us-east-1", at("2026-11-05T00:00:00Z"), 1), time: at("2026-11-05T00:00:00Z"), status: "valid" },
      { region: "eu-west-1", key: logKey(OWNER, "eu-west-1", at("2026-11-05T00:00:00Z"), 2), time: at("2026-11-05T00:00:00Z"), status: "valid" },
    ]);
    await seedRun(trail.id, { from: at("2026-11-16T00:00:00Z"), to: WINDOW.to }, at("2026-12-01T00:05:00Z"), [
      { region: "us-east-1", key: logKey(OWNER, "us-east-1", t, 3), time: t, status: "valid" },
      { region: "eu-west-1", key: logKey(OWNER, "eu-west-1", t, 4), time: t, status: "valid" },
    ]);
    const { validation, text } = await report();
    expect(validation.coverage.complete).toBe(true);
    expect(validation.notCovered).toEqual([]);
    expect(text).toContain(ALL_VALID);
    const page = await loadTrailIntegrity(prisma, trail, WINDOW.to);
    expect(page.headline).toBe("Every digest and log file of the last 30 days is valid: the latest verdict on each, over 2 finished runs that together covered every account and region of the trail.");
  });
});

test("an organization trail of configured accounts expects every account whose scan saw it", async () => {
  const trail = await seedTrail({ organization: false, scanned: { [OWNER]: [], [MEMBER]: [] } });
  await prisma.trail.update({ where: { id: trail.id }, data: { isOrganizationTrail: true } });
  const scan = await prisma.scanRun.findFirstOrThrow();
  await prisma.checkResult.create({ data: { scanId: scan.id, accountId: MEMBER, trailId: trail.id, checkId: "multi_region", status: "fail", severity: "high", reason: "inherited", inherited: true } });
  const t = at("2026-11-20T10:00:00Z");
  await seedRun(trail.id, WINDOW, at("2026-12-01T00:05:00Z"), [{ key: logKey(OWNER, "us-east-1", t, 1), time: t, status: "valid" }]);
  const { validation, text } = await report();
  expect(validation.coverage.accountsNotCovered).toEqual([MEMBER]);
  expect(text).not.toContain(ALL_VALID);
});

describe("findings", () => {
  test("a finding of an early run stays unless a later run over the same chain and time superseded it", async () => {
    const trail = await seedTrail();
    const t = at("2026-11-10T10:00:00Z");
    const early = await seedRun(trail.id, WINDOW, at("2026-11-20T00:00:00Z"), [{ key: logKey(OWNER, "us-east-1", t, 1), time: t, status: "valid" }]);
    await prisma.finding.createMany({
      data: [
        { runId: early, accountId: OWNER, region: "us-east-1", kind: "gap", message: "gap on day 10", fromTime: at("2026-11-10T05:00:00Z"), toTime: at("2026-11-10T07:00:00Z") },
        { runId: early, accountId: OWNER, region: "us-east-1", kind: "chain-broken", message: "chain broken on day 18", fromTime: at("2026-11-18T05:00:00Z"), toTime: at("2026-11-18T06:00:00Z") },
      ],
    });
    // A later run over days 15 to 30 re-examined day 18 and found it whole; it never looked at day 10.
    await seedRun(trail.id, { from: at("2026-11-15T00:00:00Z"), to: WINDOW.to }, at("2026-12-01T00:05:00Z"), [{ key: logKey(OWNER, "us-east-1", at("2026-11-18T05:30:00Z"), 2), time: at("2026-11-18T05:30:00Z"), status: "valid" }]);
    const { validation, text } = await report();
    expect(validation.findings.map((f) => [f.kind, f.message, f.runId])).toEqual([["gap", "gap on day 10", early]]);
    expect(validation.regions[0]!.gaps).toBe(1);
    expect(text).toContain("gap on day 10");
    expect(text).not.toContain("chain broken on day 18");
  });
});

describe("an account report", () => {
  test("judges an organization trail it inherits on that account alone: its files, and its regions' coverage", async () => {
    const trail = await seedTrail({ organization: true, multiRegion: true, scanned: { [OWNER]: ["us-east-1"], [MEMBER]: ["eu-west-1", "us-east-1"] } });
    const scan = await prisma.scanRun.findFirstOrThrow();
    // The member's scan sees the organization trail as inherited: that is how an account report finds it.
    await prisma.checkResult.create({ data: { scanId: scan.id, accountId: MEMBER, trailId: trail.id, checkId: "multi_region", status: "pass", severity: "high", reason: "inherited", inherited: true } });
    const t = at("2026-11-20T10:00:00Z");
    const ownerKey = logKey(OWNER, "us-east-1", t, 1);
    const memberKey = logKey(MEMBER, "us-east-1", t, 2);
    await seedRun(trail.id, WINDOW, at("2026-12-01T00:05:00Z"), [
      { account: OWNER, key: ownerKey, time: t, status: "invalid" },
      { account: MEMBER, key: memberKey, time: t, status: "missing" },
    ]);
    const model = await loadReportModel(prisma, { id: "00000000-0000-4000-8000-0000000000ef", scope: { kind: "account", accountId: MEMBER }, window: WINDOW, generatedBy: "test", productVersion: "0" });
    const validation = model.validations.find((v) => v.trailArn === TRAIL_ARN)!;
    expect(validation.flaggedFiles.map((f) => f.s3Uri)).toEqual([uri(memberKey)]);
    expect(validation.coverage.accountsNotCovered).toEqual([]);
    expect(validation.coverage.regionsNotCovered).toEqual([{ accountId: MEMBER, region: "eu-west-1" }]);
    expect(validation.notCovered).toEqual([`No validation run covered these regions in this window: eu-west-1 of account ${MEMBER}.`]);
  });
});
