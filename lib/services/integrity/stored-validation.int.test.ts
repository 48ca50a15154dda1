import { execFileSync } from "node:child_process";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { GetKeyPolicyCommand, KMSClient, PutKeyPolicyCommand } from "@aws-sdk/client-kms";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, test } from "vitest";
import { observeOperations } from "@/lib/aws/read-only-guard";
import { SANDBOX_CREDENTIALS, SandboxAccounts } from "@/lib/sandbox/sandbox-clients";
import type { IntegritySection } from "@/lib/sandbox/seed-files";
import { loadReportModel } from "@/lib/services/evidence/load-report";
import { renderReportHtml } from "@/lib/services/evidence/render-html";
import { runStoredValidation } from "@/lib/services/integrity/stored-validation";
import { testPrisma } from "@/lib/testing/database";
import { type ScannedSandbox, startScannedSandbox } from "@/lib/testing/scanned-sandbox";

const prisma = testPrisma();
let sandbox: ScannedSandbox;
let integrity: IntegritySection;

beforeAll(async () => {
  sandbox = await startScannedSandbox(prisma);
  integrity = sandbox.integrity;
}, 180_000);
afterAll(async () => {
  await sandbox?.stop();
  await prisma.$disconnect();
});

const STATUS: Record<string, "valid" | "invalid" | "missing"> = { valid: "valid", "not-found": "missing" };
const statusOf = (verdict: string) => STATUS[verdict] ?? "invalid";

async function validate(trailKey: string) {
  const trail = sandbox.manifest.trails.find((t) => t.key === trailKey)!;
  const chains = integrity.chains.filter((c) => c.trailKey === trailKey);
  const input = { trailArn: trail.arn, windowStart: new Date(chains[0]!.start), windowEnd: new Date(chains[0]!.end), trigger: "test" };
  const result = await runStoredValidation(prisma, input);
  return { result, chains, input };
}

async function expectVerdictsMatchManifest(runId: string, chains: IntegritySection["chains"]) {
  const stored = await prisma.fileVerdict.findMany({ where: { runId }, select: { kind: true, s3Key: true, status: true, accountId: true, region: true } });
  const byKey = new Map(stored.map((v) => [`${v.kind} ${v.s3Key}`, v]));
  for (const chain of chains) {
    for (const file of chain.files) {
      const verdict = byKey.get(`${file.type} ${file.key}`);
      expect({ key: file.key, status: verdict?.status }).toEqual({ key: file.key, status: statusOf(file.strict ?? file.awscli) });
      expect(verdict).toMatchObject({ accountId: chain.accountId, region: chain.region });
    }
  }
  expect(stored.length).toBe(chains.reduce((sum, c) => sum + c.files.length, 0));
}

test("a multi-region trail: both regions in one run, verdicts and counters stored as the manifest predicts", async () => {
  const { result, chains } = await validate("payments-trail");
  expect(result.status).toBe("succeeded");
  expect(result.chains.map((c) => c.region).sort()).toEqual(["eu-west-1", "us-east-1"]);
  await expectVerdictsMatchManifest(result.runId, chains);
  const run = await prisma.validationRun.findUniqueOrThrow({ where: { id: result.runId }, include: { _count: { select: { files: true } } } });
  expect(run.digestsDone + run.logsDone).toBe(run._count.files);
  const flagged = chains.flatMap((c) => c.files).filter((f) => statusOf(f.strict ?? f.awscli) !== "valid").length;
  expect(run.invalidCount + run.missingCount).toBe(flagged);
  expect(flagged).toBeGreaterThanOrEqual(4);
  expect(run).toMatchObject({ status: "succeeded", regions: ["eu-west-1", "us-east-1"], phase: null });
  // The deleted newest digest, which the AWS CLI cannot see:
  const missing = await prisma.finding.findMany({ where: { runId: result.runId, kind: "digest-missing" } });
  expect(missing.map((f) => f.region)).toContain("eu-west-1");
  const invalidLog = await prisma.fileVerdict.findFirstOrThrow({ where: { runId: result.runId, kind: "log", status: "invalid" } });
  expect(invalidLog.expectedHash).toMatch(/^[0-9a-f]{64}$/);
  expect(invalidLog.digestKey).toContain("CloudTrail-Digest");
});

test("what the AWS CLI misses is stored as findings", async () => {
  const { result } = await validate("data-trail");
  const kinds = (await prisma.finding.findMany({ where: { runId: result.runId } })).map((f) => f.kind);
  expect(kinds).toEqual(expect.arrayContaining(["digest-skipped", "suspicious-gap", "gap"]));
  const gap = await prisma.finding.findFirstOrThrow({ where: { runId: result.runId, kind: "gap" } });
  expect(gap.message).toMatch(/^No log files were delivered by CloudTrail between \S+ and \S+$/);
  expect(gap.fromTime!.getTime()).toBeLessThanOrEqual(gap.toTime!.getTime());
});

test("an organization trail: every member account and region in one run; an aborted chain leaves the others stored", async () => {
  const { result, chains } = await validate("org-trail");
  expect(result.chains).toHaveLength(14);
  expect(result.status).toBe("partial"); // the chain whose digest lost its logFiles field stops as awscli does (255)
  expect(result.chains.filter((c) => c.aborted)).toHaveLength(1);
  // What was checked before the stop is stored too, exactly as the manifest lists it.
  await expectVerdictsMatchManifest(result.runId, chains);
  const run = await prisma.validationRun.findUniqueOrThrow({ where: { id: result.runId } });
  expect(run.error).toContain("logFiles");

  // The log file someone dropped from a digest before re-signing it is vouched for by no valid digest.
  const logArchive = sandbox.manifest.accounts.find((a) => a.name === "log-archive")!.id;
  const management = sandbox.manifest.accounts.find((a) => a.management)!.id;
  const unreferenced = await prisma.finding.findMany({ where: { runId: result.runId, kind: "log-unreferenced" } });
  expect(unreferenced.filter((f) => f.accountId === logArchive && f.region === "eu-west-1")).toHaveLength(1);
  expect(unreferenced.filter((f) => f.accountId === management)).toEqual([]);
});

test("a second run downloads no log file already proven valid, yet catches one changed since", async () => {
  // The first test validated this trail already: a full run proves every log file afresh.
  const first = await runStoredValidation(prisma, { ...(await validate("payments-trail")).input, full: true });
  expect(first.reusedLogs).toBe(0);
  const validLogs = await prisma.fileVerdict.count({ where: { runId: first.runId, kind: "log", status: "valid" } });

  const gets: string[] = [];
  const stopObserving = observeOperations((operation) => operation === "GetObject" && gets.push(operation));
  const second = await validate("payments-trail");
  stopObserving();
  expect(second.result.reusedLogs).toBe(validLogs);
  // The listing showed every proven file unchanged: only the digests and the log files not proven valid (the
  // tampered ones) were fetched.
  const digests = await prisma.fileVerdict.count({ where: { runId: second.result.runId, kind: "digest" } });
  const unproven = await prisma.fileVerdict.count({ where: { runId: second.result.runId, kind: "log", status: { not: "valid" } } });
  expect(gets.length).toBeLessThanOrEqual(digests + unproven + 4);
  await expectVerdictsMatchManifest(second.result.runId, second.chains);

  // Someone rewrites a proven log file in place: new ETag, so it is fetched and hashed again, and flagged.
  const victim = await prisma.fileVerdict.findFirstOrThrow({ where: { runId: second.result.runId, kind: "log", status: "valid" } });
  const s3 = new S3Client({ region: "us-east-1", endpoint: sandbox.endpoint, credentials: SANDBOX_CREDENTIALS, forcePathStyle: true });
  await s3.send(new PutObjectCommand({ Bucket: victim.s3Bucket, Key: victim.s3Key, Body: gzipSync('{"Records":[]}') }));
  const third = await validate("payments-trail");
  expect(third.result.reusedLogs).toBe(validLogs - 1);
  const verdict = await prisma.fileVerdict.findFirstOrThrow({ where: { runId: third.result.runId, s3Key: victim.s3Key } });
  expect(verdict).toMatchObject({ status: "invalid", reason: "hash value doesn't match" });

  const full = await runStoredValidation(prisma, { ...third.input, full: true });
  expect(full.reusedLogs).toBe(0);
});

test("a trail whose key policy leaves the audit role out: its chains unreadable, one kms finding each naming key and role; with the statement added, valid", async () => {
  const trail = sandbox.manifest.trails.find((t) => t.key === "security-trail")!;
  expect(trail.kms.auditRoleLeftOut).toBe(true);
  // The bucket's owner (log-archive) is the account whose audit role reads the trail's files (stored-validation.ts).
  const reader = sandbox.manifest.accounts.find((a) => a.name === "log-archive")!.id;
  const role = `arn:aws:iam::${reader}:role/TrailProofAudit`;
  const { result, chains } = await validate("security-trail");
  expect(result.chains.map((c) => [c.region, c.aborted])).toEqual([["eu-west-1", null], ["us-east-1", null]]);

  const verdicts = await prisma.fileVerdict.findMany({ where: { runId: result.runId }, select: { kind: true, status: true, region: true, reason: true } });
  // Digests are SSE-S3 (CloudTrail never encrypts them with the trail's key): read and valid. Every log file: unreadable.
  expect(new Set(verdicts.filter((v) => v.kind === "digest").map((v) => v.status))).toEqual(new Set(["valid"]));
  const logs = verdicts.filter((v) => v.kind === "log");
  expect(logs.length).toBeGreaterThan(20);
  expect(new Set(logs.map((v) => v.status))).toEqual(new Set(["unreadable"]));
  expect(logs.every((v) => v.reason?.includes(`is not authorized to perform: kms:Decrypt on resource: ${trail.kms.keyArn}`))).toBe(true);

  const findings = await prisma.finding.findMany({ where: { runId: result.runId }, orderBy: { region: "asc" } });
  const kms = findings.filter((f) => f.kind === "kms-denied");
  expect(kms.map((f) => f.region)).toEqual(["eu-west-1", "us-east-1"]); // one per chain, not one per file
  expect(findings.filter((f) => f.kind === "unreadable")).toEqual([]);
  for (const finding of kms) {
    expect(finding.message).toContain(`could not read: kms:Decrypt denied on key ${trail.kms.keyArn} for role ${role} (`);
    expect(finding.message).toContain(`--trusted-account ${reader} --role-name TrailProofAudit`);
    expect(finding.evidence).toMatchObject({ keyArn: trail.kms.keyArn, principalArn: role, files: logs.filter((l) => l.region === finding.region).length });
    expect((finding.evidence as { keyPolicyStatement: unknown }).keyPolicyStatement).toEqual(JSON.parse(execFileSync(process.execPath, [path.resolve("bin/trailproof.mjs"), "access", "--format", "key-policy", "--trusted-account", reader], { encoding: "utf8" })));
  }
  expect(chains).toHaveLength(2);

  // The evidence report (as the trail page, through window-integrity.ts) names key and role with the statement to add.
  const model = await loadReportModel(prisma, { id: "00000000-0000-4000-8000-00000000a11c", scope: { kind: "trail", trailArn: trail.arn }, window: { from: new Date(chains[0]!.start), to: new Date(chains[0]!.end) }, generatedBy: "test", productVersion: "0" });
  expect(model.validations[0]!.findings.filter((f) => f.kind === "kms-denied").map((f) => f.region)).toEqual(["eu-west-1", "us-east-1"]);
  const html = renderReportHtml({ model, manifest: { sha256: "0".repeat(64), text: "" } }).replace(/&quot;/g, '"');
  expect(html).toContain(`could not read: kms:Decrypt denied on key ${trail.kms.keyArn} for role ${role}`);
  expect(html).toContain(`"Principal": { "AWS": "${role}" }`);

  // The key's administrator adds what the finding says to add: the next run reads every log file.
  const kmsClient = new KMSClient(await new SandboxAccounts(sandbox.endpoint).target(trail.kms.keyAccountId!, trail.homeRegion));
  const { Policy } = await kmsClient.send(new GetKeyPolicyCommand({ KeyId: trail.kms.keyArn!, PolicyName: "default" }));
  const policy = JSON.parse(Policy!) as { Statement: unknown[] };
  policy.Statement.push((kms[0]!.evidence as { keyPolicyStatement: unknown }).keyPolicyStatement);
  await kmsClient.send(new PutKeyPolicyCommand({ KeyId: trail.kms.keyArn!, PolicyName: "default", Policy: JSON.stringify(policy) }));
  const after = await validate("security-trail");
  const statuses = await prisma.fileVerdict.groupBy({ by: ["kind", "status"], where: { runId: after.result.runId }, _count: true });
  expect(statuses.map((s) => [s.kind, s.status, s._count])).toEqual(
    expect.arrayContaining([["log", "valid", logs.length]]),
  );
  expect(statuses.filter((s) => s.status !== "valid")).toEqual([]);
  expect(await prisma.finding.count({ where: { runId: after.result.runId, kind: { in: ["kms-denied", "unreadable"] } } })).toBe(0);
}, 120_000);
