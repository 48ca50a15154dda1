import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AUDIT_ACTIONS } from "@/lib/aws/audit-policy";
import { iamActionFor } from "@/lib/aws/iam-actions";
import { observeOperations } from "@/lib/aws/read-only-guard";
import { isReadOnlyOperation } from "@/lib/core/read-only";
import { CHECKS } from "@/lib/core/checks/registry";
import { queryChecklistHeatmap } from "@/lib/db/heatmaps-repository";
import { isReadRequest, parseRecording } from "@/lib/sandbox/recorded-requests";
import { runScan, type ScanReport } from "@/lib/services/scan/run-scan";
import { targetsFromOrganization } from "@/lib/services/scan/targets";
import { resetDatabase, testPrisma } from "@/lib/testing/database";
import { startTestSandbox } from "@/lib/testing/sandbox";

const prisma = testPrisma();
let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let report: ScanReport;
let recording: ReturnType<typeof parseRecording>;
const operations = new Set<string>();

beforeAll(async () => {
  sandbox = await startTestSandbox();
  await resetDatabase();
  await fetch(`${sandbox.endpoint}/moto-api/recorder/start-recording`, { method: "POST" });
  const stopObserving = observeOperations((operation, client) => operations.add(iamActionFor(client, operation)));
  const targets = await targetsFromOrganization(prisma, { externalId: sandbox.manifest.externalId });
  report = await runScan(prisma, { targets, trigger: "test", regions: sandbox.manifest.regions });
  stopObserving();
  await fetch(`${sandbox.endpoint}/moto-api/recorder/stop-recording`, { method: "POST" });
  recording = parseRecording(await (await fetch(`${sandbox.endpoint}/moto-api/recorder/download-recording`)).text());
});
afterAll(async () => {
  await sandbox?.stop();
  await prisma.$disconnect();
});

test("the scan covers every account of the organization and completes", () => {
  expect(report.status).toBe("succeeded");
  expect(report.accounts.map((a) => a.id).sort()).toEqual(sandbox.manifest.accounts.map((a) => a.id).sort());
  expect(report.trails.map((t) => t.arn).sort()).toEqual(sandbox.manifest.trails.map((t) => t.arn).sort());
});

test("each account's outcome records the regions the scan looked at: what its multi-region trails should log", async () => {
  const rows = await prisma.scanAccount.findMany({ select: { accountId: true, regions: true } });
  expect(rows).toHaveLength(sandbox.manifest.accounts.length);
  for (const row of rows) expect([row.accountId, [...row.regions].sort()]).toEqual([row.accountId, [...sandbox.manifest.regions].sort()]);
});

describe("every trail gets exactly the verdicts the manifest predicts", () => {
  test.each(["org-trail", "security-trail", "payments-trail", "dev-trail", "data-trail", "sandbox-trail"])("%s", (key) => {
    const expected = sandbox.manifest.trails.find((t) => t.key === key)!;
    const scanned = report.trails.find((t) => t.arn === expected.arn)!;
    const verdicts = Object.fromEntries(scanned.results.map((r) => [r.checkId, r.status]));
    expect(verdicts).toEqual(expected.expectedChecks);
    for (const result of scanned.results) {
      expect(result.reason.length, result.checkId).toBeGreaterThan(10);
      expect(Object.keys(result.evidence).length, result.checkId).toBeGreaterThan(0);
    }
  });
});

test("every checklist item passes on some trail and fails on another", () => {
  for (const check of CHECKS) {
    const statuses = new Set(report.trails.map((t) => t.results.find((r) => r.checkId === check.id)?.status));
    expect([check.id, statuses.has("pass"), statuses.has("fail")]).toEqual([check.id, true, true]);
  }
});

test("the organization trail is evaluated once and shown as inherited in every member account", () => {
  const orgTrail = sandbox.manifest.trails.find((t) => t.organization)!;
  expect(report.trails.filter((t) => t.arn === orgTrail.arn)).toHaveLength(1);
  for (const account of report.accounts) {
    expect(account.trails).toContainEqual({ arn: orgTrail.arn, inherited: account.id !== orgTrail.accountId });
  }
});

test("the run, its per-account scores and every result are stored", async () => {
  const run = await prisma.scanRun.findUniqueOrThrow({ where: { id: report.scanId }, include: { _count: { select: { checkResults: true } } } });
  const stored = report.accounts.reduce((sum, a) => sum + a.trails.length * CHECKS.length, 0);
  expect(run).toMatchObject({ status: "succeeded", trigger: "test", accountsTotal: 7, trailsTotal: 6 });
  expect(run._count.checkResults).toBe(stored);
  expect(run.passCount + run.failCount + run.errorCount).toBeLessThanOrEqual(stored);
  const heatmap = await queryChecklistHeatmap(prisma, {});
  expect(heatmap.latestScan?.id).toBe(report.scanId);
  expect(heatmap.accounts.map((a) => a.id).sort()).toEqual(report.accounts.map((a) => a.id).sort());
  expect(heatmap.accounts.filter((a) => a.score === null || Object.keys(a.cells).length !== CHECKS.length)).toEqual([]);
});

test("TrailProof only read: moto's own recording of the scan holds no write", () => {
  expect(recording.length).toBeGreaterThan(50);
  const writes = recording.filter((r) => !isReadRequest(r, isReadOnlyOperation));
  expect(writes).toEqual([]);
  expect(new Set(recording.map((r) => r.action))).toContain("AssumeRole");
});

test("the audit role's policy grants every action the scan used (sts:AssumeRole is the caller's own permission)", () => {
  const needed = [...operations].filter((action) => action !== "sts:AssumeRole");
  expect(needed.length).toBeGreaterThan(10);
  expect(needed.filter((action) => !(AUDIT_ACTIONS as readonly string[]).includes(action))).toEqual([]);
});
