import { afterAll, beforeAll, expect, test } from "vitest";
import type { ScanReport } from "@/lib/services/scan/run-scan";
import { testPrisma } from "@/lib/testing/database";
import { runTrailproof } from "@/lib/testing/run-cli";
import { type ScannedSandbox, startScannedSandbox } from "@/lib/testing/scanned-sandbox";

// `trailproof validate` and `trailproof scan` from a cron job raise alerts as the worker's runs do, and queue what they
// newly opened for the notification channels: tampering found at 3 a.m. by a command reaches someone. The tampered
// file comes from the demo's manifest (what was planted where), never from TrailProof's own verdicts.

const prisma = testPrisma();
let sandbox: ScannedSandbox;
const NOTIFY_ENV = { TRAILPROOF_SECRETS_KEY: "command-alerts-secrets-key-0123456789", TRAILPROOF_PUBLIC_URL: "https://tp.example.com" };

beforeAll(async () => {
  sandbox = await startScannedSandbox(prisma);
}, 180_000);
afterAll(async () => {
  await sandbox?.stop();
  await prisma.$disconnect();
});

/** A chain with a modified log file planted, its files readable by the audit role; and that file's key. */
function modifiedLogChain() {
  const chain = sandbox.integrity.chains.find((c) => !c.kmsDenied && c.tampering.some((t) => t.kind === "modify-log"));
  expect(chain, "the demo plants a modified log file on some chain").toBeDefined();
  return { chain: chain!, key: chain!.tampering.find((t) => t.kind === "modify-log")!.changed[0]!.key };
}

const notifyJobs = async () => (await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'notify'`))[0]!.n;

test("validate opens an alert for the modified log file and queues it for the enabled channel; again, nothing new", async () => {
  const channel = await runTrailproof(["notify", "--webhook", "https://hooks.example.com/trailproof", "--webhook-secret", "-"], { env: NOTIFY_ENV, stdin: "a-webhook-secret-of-some-length\n" });
  expect(channel.code, channel.stderr).toBe(0);

  const { chain, key } = modifiedLogChain();
  const args = ["validate", "--trail-arn", chain.trailArn, "--start-time", chain.start, "--end-time", chain.end, "--accounts", chain.accountId, "--regions", chain.region];
  const first = await runTrailproof(args, { env: NOTIFY_ENV });
  expect(first.stderr).toBe("");
  expect(first.code).toBe(1); // an INVALID file
  expect(first.stdout).toMatch(/^alerts: [1-9]\d* opened, 0 resolved; [1-9]\d* notification\(s\) queued, sent by a running worker/m);

  const alert = await prisma.alert.findFirst({ where: { kind: "file-invalid", s3Uri: `s3://${chain.bucket}/${key}` } });
  expect(alert?.state).toBe("open");
  const queued = await notifyJobs();
  expect(queued).toBeGreaterThan(0n);

  const again = await runTrailproof(args, { env: NOTIFY_ENV });
  expect(again.code).toBe(1);
  expect(again.stdout).toMatch(/^alerts: 0 opened, 0 resolved \(/m);
  expect(await notifyJobs()).toBe(queued);
}, 240_000);

test("scan --json keeps standard output one JSON document; its alerts line goes to standard error", async () => {
  const { code, stdout, stderr } = await runTrailproof(["scan", "--json"]);
  expect(code).toBe(0);
  expect((JSON.parse(stdout) as ScanReport).status).toBe("succeeded");
  expect(stderr).toMatch(/^alerts: \d+ opened, \d+ resolved/);
  // The demo has trails that do not log: the scan's alerts say so (raised here by the command, not by a worker).
  expect(await prisma.alert.count({ where: { runKind: "scan", kind: "trail-not-logging", state: "open" } })).toBeGreaterThan(0);
}, 240_000);
