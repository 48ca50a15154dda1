import { afterAll, beforeAll, expect, test } from "vitest";
import { startFaultProxy, type FaultProxy } from "@/lib/sandbox/fault-proxy";
import { runScan, type ScanReport } from "@/lib/services/scan/run-scan";
import { targetsFromOrganization } from "@/lib/services/scan/targets";
import { resetDatabase, testPrisma } from "@/lib/testing/database";
import { startTestSandbox } from "@/lib/testing/sandbox";

// One account's role refused, a burst of throttling, a region that never answers: the scan finishes, every other
// result is stored, and each failure is shown with the call and the reason.

const prisma = testPrisma();
let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let proxy: FaultProxy;
let report: ScanReport;
const savedTimeout = process.env.TRAILPROOF_AWS_TIMEOUT_MS;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  await resetDatabase();
  const denied = sandbox.manifest.accounts.find((a) => a.name === "payments-dev")!.id;
  proxy = await startFaultProxy(sandbox.endpoint, {
    denyAssumeRoleInto: [denied],
    throttle: { service: "cloudtrail", count: 12 },
    hangRegions: ["eu-west-1"],
  });
  sandbox.pointAt(proxy.endpoint);
  process.env.TRAILPROOF_AWS_TIMEOUT_MS = "400";
  const targets = await targetsFromOrganization(prisma, { externalId: sandbox.manifest.externalId });
  report = await runScan(prisma, { targets, trigger: "test", regions: sandbox.manifest.regions });
}, 180_000);
afterAll(async () => {
  if (savedTimeout === undefined) delete process.env.TRAILPROOF_AWS_TIMEOUT_MS;
  else process.env.TRAILPROOF_AWS_TIMEOUT_MS = savedTimeout;
  await proxy?.stop();
  await sandbox?.stop();
  await prisma.$disconnect();
});

const accountNamed = (name: string) => report.accounts.find((a) => a.name === name)!;

test("the scan completes as partial, with the refused account failed and named", () => {
  expect(report.status).toBe("partial");
  const refused = accountNamed("payments-dev");
  expect(refused.status).toBe("failed");
  expect(refused.issues).toEqual([expect.objectContaining({ call: "sts:AssumeRole", code: "AccessDenied", region: null })]);
  expect(refused.issues[0]!.message).toContain("not authorized to perform: sts:AssumeRole");
});

test("a region that never answers is an issue for that region only; us-east-1 results stand", () => {
  for (const account of report.accounts.filter((a) => a.name !== "payments-dev")) {
    expect(account.status, account.name).toBe("partial");
    expect(account.issues, account.name).toContainEqual(expect.objectContaining({ region: "eu-west-1", call: "cloudtrail:DescribeTrails", code: "TimeoutError" }));
  }
  const payments = report.trails.find((t) => t.name === "payments-trail")!;
  expect(payments.results.find((r) => r.checkId === "bucket_access_logging")?.status).toBe("fail");
  expect(payments.results.find((r) => r.checkId === "logging_enabled")?.status).toBe("pass");
});

test("the throttling burst was absorbed by retries: no result says throttled", () => {
  expect(proxy.stats.throttled).toBe(12);
  const throttled = report.trails.flatMap((t) => t.results).filter((r) => JSON.stringify(r.evidence).includes("Throttling"));
  expect(throttled).toEqual([]);
});

test("what was read is stored, and the failures with it", async () => {
  const issues = await prisma.scanIssue.findMany({ where: { scanId: report.scanId } });
  expect(issues.some((i) => i.call === "sts:AssumeRole" && i.code === "AccessDenied")).toBe(true);
  expect(issues.filter((i) => i.region === "eu-west-1").length).toBeGreaterThanOrEqual(6);
  const stored = await prisma.checkResult.count({ where: { scanId: report.scanId } });
  expect(stored).toBeGreaterThan(0);
  const refused = await prisma.scanAccount.findFirstOrThrow({ where: { scanId: report.scanId, account: { name: "payments-dev" } } });
  expect(refused).toMatchObject({ status: "failed", score: null });
  expect(refused.error).toContain("sts:AssumeRole AccessDenied");
});
