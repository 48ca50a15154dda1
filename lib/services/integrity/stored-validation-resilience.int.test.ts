import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, test } from "vitest";
import { gzipBomb } from "@/lib/core/integrity/gzip-bomb";
import { startFaultProxy } from "@/lib/sandbox/fault-proxy";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-clients";
import type { IntegritySection } from "@/lib/sandbox/seed-files";
import { runStoredValidation } from "@/lib/services/integrity/stored-validation";
import { testPrisma } from "@/lib/testing/database";
import { type ScannedSandbox, startScannedSandbox } from "@/lib/testing/scanned-sandbox";

// The bucket's writer must not crash, stall or blind the stored run (issue 14). On the local organization's trail:
// one chain's newest digest replaced by a gzip bomb, one log file the reader is denied, one digest answering 503
// once, one log file whose connection is reset once and one whose body is cut off half-way once. The run completes;
// the bomb and the denied file are `unreadable` verdicts with their error and an `unreadable` finding; the transient
// failures are retried and stay valid; every other file keeps the verdict a run before the attack gave it.

const prisma = testPrisma();
let sandbox: ScannedSandbox;

beforeAll(async () => {
  sandbox = await startScannedSandbox(prisma);
}, 180_000);
afterAll(async () => {
  await sandbox?.stop();
  await prisma.$disconnect();
});

type Verdict = { kind: string; s3Bucket: string; s3Key: string; status: string; accountId: string; region: string; digestKey: string | null; fileTime: Date };

async function verdictsOf(runId: string): Promise<Verdict[]> {
  return prisma.fileVerdict.findMany({ where: { runId }, select: { kind: true, s3Bucket: true, s3Key: true, status: true, accountId: true, region: true, digestKey: true, fileTime: true } });
}

test("a gzip bomb, a denied object and transient errors: the run completes, unreadable files are recorded, the rest is unchanged", async () => {
  const trail = sandbox.manifest.trails.find((t) => t.key === "org-trail")!;
  const chain = (sandbox.manifest.integrity as IntegritySection).chains.find((c) => c.trailKey === "org-trail")!;
  const input = { trailArn: trail.arn, windowStart: new Date(chain.start), windowEnd: new Date(chain.end), trigger: "test", full: true };

  const before = await runStoredValidation(prisma, input);
  const baseline = await verdictsOf(before.runId);
  const completeChains = before.chains.filter((c) => !c.aborted);
  expect(completeChains.length).toBeGreaterThanOrEqual(3);
  const [bombed, denied, flaky] = completeChains.map((c) => baseline.filter((v) => v.accountId === c.accountId && v.region === c.region && v.status === "valid"));
  const newest = bombed!.filter((v) => v.kind === "digest").sort((a, b) => b.fileTime.getTime() - a.fileTime.getTime())[0]!;
  const vouchedByNewest = baseline.filter((v) => v.kind === "log" && v.digestKey === newest.s3Key);
  expect(vouchedByNewest.length).toBeGreaterThan(0);
  const deniedLog = denied!.find((v) => v.kind === "log")!;
  const slowDigest = flaky!.find((v) => v.kind === "digest")!;
  const [resetLog, cutLog] = flaky!.filter((v) => v.kind === "log");

  // The writer's move: a 200 KB gzip that inflates to ~200 MiB in place of the newest digest.
  const bomb = gzipBomb(200 * 1024);
  const s3 = new S3Client({ region: "us-east-1", endpoint: sandbox.endpoint, credentials: SANDBOX_CREDENTIALS, forcePathStyle: true });
  await s3.send(new PutObjectCommand({ Bucket: newest.s3Bucket, Key: newest.s3Key, Body: bomb.bytes }));

  const path = (v: Verdict) => `${v.s3Bucket}/${v.s3Key}`;
  const proxy = await startFaultProxy(sandbox.endpoint, {
    denyObjects: [path(deniedLog)],
    failObjectsOnce: [
      { object: path(slowDigest), fault: "503" },
      { object: path(resetLog!), fault: "reset" },
      { object: path(cutLog!), fault: "cut" }, // half its body, then the connection drops: the rest is asked for
    ],
  });
  sandbox.pointAt(proxy.endpoint);
  const rssBefore = process.memoryUsage().rss;
  let after;
  try {
    after = await runStoredValidation(prisma, input);
  } finally {
    sandbox.pointAt(sandbox.endpoint);
    await proxy.stop();
  }
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(512 * 1024 * 1024); // was 5 GB before the caps
  expect(proxy.stats.objectsDenied).toBeGreaterThanOrEqual(1);
  expect(proxy.stats.objectFaults).toBe(3);

  // Every chain ran to its end, as before the attack.
  expect(after.chains.map((c) => [c.accountId, c.region, c.aborted === null])).toEqual(before.chains.map((c) => [c.accountId, c.region, c.aborted === null]));
  expect(after.status).toBe(before.status);
  const stored = await verdictsOf(after.runId);
  const find = (v: Verdict) => stored.find((s) => s.kind === v.kind && s.s3Bucket === v.s3Bucket && s.s3Key === v.s3Key);

  const bombVerdict = await prisma.fileVerdict.findFirstOrThrow({ where: { runId: after.runId, kind: "digest", s3Key: newest.s3Key } });
  expect(bombVerdict).toMatchObject({
    status: "unreadable",
    reason: "digest too large (over 67108864 bytes when decompressed); TrailProof does not read digests this size, awscli would try",
  });
  const deniedVerdict = await prisma.fileVerdict.findFirstOrThrow({ where: { runId: after.runId, kind: "log", s3Key: deniedLog.s3Key } });
  expect(deniedVerdict).toMatchObject({ status: "unreadable", reason: "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied" });
  const run = await prisma.validationRun.findUniqueOrThrow({ where: { id: after.runId } });
  expect(run.unreadableCount).toBe(2);

  const findings = await prisma.finding.findMany({ where: { runId: after.runId } });
  const unreadable = findings.filter((f) => f.kind === "unreadable").map((f) => f.s3Uri).sort();
  expect(unreadable).toEqual([`s3://${path(deniedLog)}`, `s3://${path(newest)}`].sort());
  // Nothing vouches any more for the log files the unreadable digest listed.
  const unreferenced = new Set(findings.filter((f) => f.kind === "log-unreferenced").map((f) => f.s3Uri));
  for (const log of vouchedByNewest) expect(unreferenced).toContain(`s3://${path(log)}`);

  // Retried, not recorded as INVALID or unreadable.
  expect(find(slowDigest)?.status).toBe("valid");
  expect(find(resetLog!)?.status).toBe("valid");
  expect(find(cutLog!)?.status).toBe("valid");

  // Every other file: the verdict it had before.
  const touched = new Set([newest, deniedLog, ...vouchedByNewest].map((v) => `${v.kind} ${path(v)}`));
  const changed = baseline.filter((v) => !touched.has(`${v.kind} ${path(v)}`) && find(v)?.status !== v.status);
  expect(changed.map((v) => `${v.kind} ${path(v)} ${v.status} -> ${find(v)?.status}`)).toEqual([]);
}, 400_000);
