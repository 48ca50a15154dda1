import { gzipSync } from "node:zlib";
import { CloudTrailClient, UpdateTrailCommand } from "@aws-sdk/client-cloudtrail";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startFaultProxy } from "@/lib/sandbox/fault-proxy";
import { SandboxAccounts, SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-clients";
import { runStoredValidation } from "@/lib/services/integrity/stored-validation";
import { runScan } from "@/lib/services/scan/run-scan";
import { targetsFromDatabase } from "@/lib/services/scan/targets";
import { raiseAlertsAfterScan } from "@/lib/services/alerts/after-scan";
import { raiseAlertsAfterValidation } from "@/lib/services/alerts/after-validation";
import { testPrisma } from "@/lib/testing/database";
import { type ScannedSandbox, startScannedSandbox } from "@/lib/testing/scanned-sandbox";

// Alerts on the demo organization, end to end below the worker: stored validations and scans against the emulator,
// then the raising the worker does after each. The file alerts come from a chain without planted tampering, so every
// file alert below comes from what this test does to its bucket. Expected values are written from the intent.

const prisma = testPrisma();
let sandbox: ScannedSandbox;
let s3: S3Client;

beforeAll(async () => {
  sandbox = await startScannedSandbox(prisma);
  s3 = new S3Client({ region: "us-east-1", endpoint: sandbox.endpoint, credentials: SANDBOX_CREDENTIALS, forcePathStyle: true });
}, 180_000);
afterAll(async () => {
  await sandbox?.stop();
  await prisma.$disconnect();
});

// Scans: the security trail. Files: the organization trail's chain of its own account in its home region, the demo's
// chain with nothing planted whose files the audit role can read (the security trail's key leaves the role out).
const TRAIL_KEY = "security-trail";
const trail = () => sandbox.manifest.trails.find((t) => t.key === TRAIL_KEY)!;
const fileTrail = () => sandbox.manifest.trails.find((t) => t.key === "org-trail")!;
const fileChain = () => {
  const t = fileTrail();
  const chain = sandbox.integrity.chains.find((c) => c.trailKey === t.key && c.accountId === t.accountId && c.region === t.homeRegion)!;
  expect(chain.tampering).toEqual([]);
  return chain;
};
const seededWindow = () => ({ start: new Date(fileChain().start), end: new Date(fileChain().end) });

async function validateAndRaise(window = seededWindow()) {
  const chain = fileChain();
  const result = await runStoredValidation(prisma, { trailArn: fileTrail().arn, windowStart: window.start, windowEnd: window.end, trigger: "test", accounts: [chain.accountId], regions: [chain.region] });
  return { runId: result.runId, alerts: await raiseAlertsAfterValidation(prisma, result.runId) };
}

const fileAlerts = () => prisma.alert.findMany({ where: { trailArn: fileTrail().arn, kind: { startsWith: "file-" } } });

describe("file alerts from stored validations", () => {
  let bucket: string;
  let key: string;
  let original: Uint8Array;
  let uri: string;
  let firstLastSeen: Date;

  test("a first validation of the untouched trail opens no file alert", async () => {
    const { runId } = await validateAndRaise();
    expect(await fileAlerts()).toEqual([]);
    // The log file to tamper: one from early in the window, so a short window at its end does not hold it.
    const start = seededWindow().start.getTime();
    const log = await prisma.fileVerdict.findFirstOrThrow({ where: { runId, kind: "log", status: "valid", fileTime: { gte: new Date(start + 5 * 3_600_000) } }, orderBy: { fileTime: "asc" } });
    bucket = log.s3Bucket;
    key = log.s3Key;
    uri = `s3://${bucket}/${key}`;
    original = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray();
  }, 120_000);

  test("a tampered log file opens exactly one alert, naming the file's S3 URI", async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: gzipSync(Buffer.from('{"Records":[{"eventName":"Nothing to see"}]}')) }));
    const { alerts } = await validateAndRaise();
    const opened = alerts.opened.filter((n) => n.kind.startsWith("file-"));
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ kind: "file-invalid", severity: "critical", state: "open", s3Uri: uri, trailArn: fileTrail().arn, path: `/alerts/${opened[0]!.id}` });
    const stored = await fileAlerts();
    expect(stored.map((a) => [a.s3Uri, a.state, a.timesSeen])).toEqual([[uri, "open", 1]]);
    firstLastSeen = stored[0]!.lastSeen;
  }, 120_000);

  test("the next run keeps one alert and moves its last seen", async () => {
    const { alerts } = await validateAndRaise();
    expect(alerts.opened.filter((n) => n.kind.startsWith("file-"))).toEqual([]);
    const stored = await fileAlerts();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.timesSeen).toBe(2);
    expect(stored[0]!.lastSeen.getTime()).toBeGreaterThan(firstLastSeen.getTime());
  }, 120_000);

  test("a run whose window does not hold the file leaves its alert open", async () => {
    const { end } = seededWindow();
    await validateAndRaise({ start: new Date(end.getTime() - 3 * 3_600_000), end });
    expect((await fileAlerts()).map((a) => a.state)).toEqual(["open"]);
  }, 120_000);

  test("restoring the file's original bytes resolves the alert at the next run", async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: original }));
    const { runId, alerts } = await validateAndRaise();
    expect(alerts.resolved).toBeGreaterThanOrEqual(1);
    const stored = await fileAlerts();
    expect(stored.map((a) => [a.s3Uri, a.state, a.resolvedByRun])).toEqual([[uri, "resolved", runId]]);
  }, 120_000);

  test("tampered again, the same alert reopens rather than a second one", async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: gzipSync(Buffer.from("{}")) }));
    const { alerts } = await validateAndRaise();
    const [stored] = await fileAlerts();
    expect(alerts.opened.filter((n) => n.kind.startsWith("file-")).map((n) => n.id)).toEqual([stored!.id]);
    expect([stored!.state, stored!.reopenedCount, stored!.timesSeen]).toEqual(["open", 1, 3]);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: original }));
  }, 120_000);
});

describe("alerts from scans", () => {
  const scan = async () => {
    const report = await runScan(prisma, { targets: await targetsFromDatabase(prisma), trigger: "test", regions: sandbox.manifest.regions });
    return raiseAlertsAfterScan(prisma, report.scanId);
  };
  const setValidation = async (enabled: boolean) => {
    const t = trail();
    const target = await new SandboxAccounts(sandbox.endpoint).target(t.accountId, t.homeRegion);
    await new CloudTrailClient({ ...target }).send(new UpdateTrailCommand({ Name: t.name, EnableLogFileValidation: enabled }));
  };

  test("log file validation turned off on a trail opens a validation-off alert; turned on again, it resolves", async () => {
    const baseline = await scan(); // what the demo's trails already show (the sandbox trail not logging, …)
    expect(baseline.opened.map((n) => n.kind)).toContain("trail-not-logging");
    expect(baseline.opened.some((n) => n.trailArn === trail().arn)).toBe(false);

    await setValidation(false);
    const after = await scan();
    expect(after.opened.map((n) => [n.kind, n.trailArn])).toEqual([["validation-off", trail().arn]]);
    const again = await scan();
    expect(again.opened).toEqual([]);
    expect((await prisma.alert.findMany({ where: { kind: "validation-off", trailArn: trail().arn } })).map((a) => [a.state, a.timesSeen])).toEqual([["open", 2]]);

    await setValidation(true);
    await scan();
    expect((await prisma.alert.findMany({ where: { kind: "validation-off", trailArn: trail().arn } })).map((a) => a.state)).toEqual(["resolved"]);
  }, 300_000);

  test("an account whose role is refused opens role-unassumable and resolves nothing else there; allowed again, it resolves", async () => {
    const account = sandbox.manifest.accounts.find((a) => a.name === "sandbox")!.id;
    const notLogging = sandbox.manifest.trails.find((t) => t.key === "sandbox-trail")!.arn;
    const stateOf = async (kind: string, where: { accountId?: string; trailArn?: string }) => (await prisma.alert.findFirstOrThrow({ where: { kind, ...where } })).state;
    expect(await stateOf("trail-not-logging", { trailArn: notLogging })).toBe("open"); // raised by the scans above

    const proxy = await startFaultProxy(sandbox.endpoint, { denyAssumeRoleInto: [account] });
    try {
      sandbox.pointAt(proxy.endpoint);
      const refused = await scan();
      expect(refused.opened.map((n) => [n.kind, n.accountId])).toEqual([["role-unassumable", account]]);
      expect(refused.opened[0]!.reason).toContain("AccessDenied");
      // The scan could not look inside the account: its trail's alert is neither seen again nor resolved.
      expect(await stateOf("trail-not-logging", { trailArn: notLogging })).toBe("open");
    } finally {
      sandbox.pointAt(sandbox.endpoint);
      await proxy.stop();
    }
    const allowed = await scan();
    expect(allowed.opened).toEqual([]);
    expect(await stateOf("role-unassumable", { accountId: account })).toBe("resolved");
    expect(await stateOf("trail-not-logging", { trailArn: notLogging })).toBe("open");
  }, 300_000);
});
