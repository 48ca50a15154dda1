import { afterAll, beforeEach, expect, test } from "vitest";
import { removeDemoAccounts } from "@/lib/db/demo-data";
import { resetDatabase, testPrisma } from "@/lib/testing/database";

// An earlier `npm start` served the demo organization; now TrailProof audits real AWS. Through the application's
// own connection (the role the product runs as), the demo accounts go with all their data, the real ones stay.

const prisma = testPrisma();
beforeEach(() => resetDatabase());
afterAll(() => prisma.$disconnect());

const DEMO = "000000000001";
const REAL = "123456789012";

async function accountWithData(id: string, isDemo: boolean) {
  await prisma.account.create({ data: { id, name: `acct-${id}`, isDemo } });
  const trail = await prisma.trail.create({ data: { arn: `arn:aws:cloudtrail:us-east-1:${id}:trail/main`, name: "main", accountId: id, homeRegion: "us-east-1" } });
  const scan = await prisma.scanRun.create({ data: { trigger: "test", status: "succeeded", accounts: { create: { accountId: id, status: "succeeded", score: 50 } } } });
  await prisma.scanIssue.create({ data: { scanId: scan.id, accountId: id, call: "sts:AssumeRole", code: "AccessDenied", message: "no" } });
  const now = new Date();
  const run = await prisma.validationRun.create({ data: { trailId: trail.id, accountId: id, regions: ["us-east-1"], windowStart: new Date(now.getTime() - 86_400_000), windowEnd: now, trigger: "test", status: "succeeded" } });
  await prisma.integrityDay.create({ data: { accountId: id, region: "us-east-1", day: new Date("2026-12-01"), trailId: trail.id, runId: run.id, validCount: 1 } });
  return { trailId: trail.id, scanId: scan.id, runId: run.id };
}

test("demo accounts are removed with their trails, scans, validations and heatmap days; real accounts and the audit trail stay", async () => {
  const demo = await accountWithData(DEMO, true);
  const real = await accountWithData(REAL, false);
  // A scan that covered both keeps its real half.
  const mixed = await prisma.scanRun.create({ data: { trigger: "test", status: "succeeded", accounts: { create: [{ accountId: DEMO, status: "succeeded" }, { accountId: REAL, status: "succeeded" }] } } });
  await prisma.auditEvent.create({ data: { actor: "local-admin", actorName: "Local administrator", action: "scan.request", target: "organization", outcome: "succeeded" } });

  expect(await removeDemoAccounts(prisma)).toEqual({ accountIds: [DEMO], scanRuns: 1 });

  expect((await prisma.account.findMany({ select: { id: true } })).map((a) => a.id)).toEqual([REAL]);
  expect(await prisma.trail.findMany({ select: { id: true } })).toEqual([{ id: real.trailId }]);
  expect((await prisma.scanRun.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } })).map((s) => s.id).sort()).toEqual([real.scanId, mixed.id].sort());
  expect(await prisma.scanAccount.findMany({ where: { accountId: DEMO } })).toEqual([]);
  expect(await prisma.scanIssue.count({ where: { accountId: DEMO } })).toBe(0);
  expect(await prisma.validationRun.findMany({ select: { id: true } })).toEqual([{ id: real.runId }]);
  expect(await prisma.integrityDay.count({ where: { accountId: DEMO } })).toBe(0);
  expect(await prisma.integrityDay.count({ where: { accountId: REAL } })).toBe(1);
  expect(await prisma.auditEvent.count()).toBe(1);
  expect(demo.scanId).not.toBe(real.scanId);

  // Nothing left to remove: a second start says nothing.
  expect(await removeDemoAccounts(prisma)).toEqual({ accountIds: [], scanRuns: 0 });
});
