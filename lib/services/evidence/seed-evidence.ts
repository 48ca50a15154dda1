import { createHash } from "node:crypto";
import { CHECKS } from "@/lib/core/checks/registry";
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

// Rows an evidence report is made from, written straight to the database: for the integration tests and the report
// benchmark, which need a known, large set of verdicts without running an AWS emulator.

export const SEED = {
  payments: "111111111111",
  archive: "222222222222",
  paymentsTrail: "arn:aws:cloudtrail:us-east-1:111111111111:trail/payments-trail",
  archiveTrail: "arn:aws:cloudtrail:us-east-1:222222222222:trail/archive-trail",
  bucket: "payments-cloudtrail-logs",
  fingerprint: "6a1e3f0c2b9d4e5f8a7b6c5d4e3f2a1b",
  window: { from: new Date("2026-11-30T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") },
} as const;

const hex = (text: string) => createHash("sha256").update(text).digest("hex");
const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, "").slice(0, 13) + "Z";
const day = (date: Date) => date.toISOString().slice(0, 10).replaceAll("-", "/");

export function logKey(time: Date, n: number): string {
  return `AWSLogs/${SEED.payments}/CloudTrail/us-east-1/${day(time)}/${SEED.payments}_CloudTrail_us-east-1_${stamp(time)}_file${String(n).padStart(6, "0")}.json.gz`;
}

export function digestKey(time: Date): string {
  const seconds = time.toISOString().replace(/[-:]/g, "").slice(0, 15) + "Z";
  return `AWSLogs/${SEED.payments}/CloudTrail-Digest/us-east-1/${day(time)}/${SEED.payments}_CloudTrail-Digest_us-east-1_payments-trail_us-east-1_${seconds}.json.gz`;
}

export interface SeededEvidence {
  scanId: string;
  runId: string;
  inProgressRunId: string;
  invalidLogKeys: string[];
  missingLogKey: string;
  invalidDigestKey: string;
}

async function seedChecks(database: Database, scanId: string, trailIds: Record<string, string>): Promise<void> {
  const failing = new Set(["kms_cmk", "bucket_mfa_delete", "log_group_retention"]);
  const rows: Prisma.CheckResultCreateManyInput[] = CHECKS.map((check) => ({
    scanId,
    accountId: SEED.payments,
    trailId: trailIds.payments!,
    checkId: check.id,
    severity: check.severity,
    status: failing.has(check.id) ? "fail" : check.id === "recent_delivery" ? "error" : "pass",
    reason: failing.has(check.id) ? `Trail payments-trail fails ${check.id}: seeded.` : `Trail payments-trail, ${check.id}: seeded verdict.`,
    evidence: check.id === "kms_cmk" ? { KmsKeyId: "alias/aws/cloudtrail", "DescribeKey.KeyMetadata.KeyManager": "AWS" } : { Seeded: true },
  }));
  rows.push(
    ...CHECKS.slice(0, 4).map((check) => ({
      scanId,
      accountId: SEED.archive,
      trailId: trailIds.archive!,
      checkId: check.id,
      severity: check.severity,
      status: "pass" as const,
      reason: `Trail archive-trail, ${check.id}: seeded verdict.`,
      evidence: {},
    })),
  );
  await database.checkResult.createMany({ data: rows });
}

/** Seeds two accounts, a scan, two trails, a finished validation run with `invalidLogs` INVALID log files, one missing log, one INVALID digest and findings, and a run still going for the second trail. */
export async function seedEvidence(database: Database, invalidLogs = 3): Promise<SeededEvidence> {
  const { window } = SEED;
  await database.account.createMany({
    data: [
      { id: SEED.payments, name: "payments-prod", ouPath: "Root/Workloads" },
      { id: SEED.archive, name: "log-archive", ouPath: "Root/Security" },
    ],
  });
  const scan = await database.scanRun.create({ data: { trigger: "seed", status: "succeeded", createdAt: new Date(window.from.getTime() + 3_600_000) } });
  await database.scanAccount.createMany({
    data: [
      { scanId: scan.id, accountId: SEED.payments, status: "succeeded", score: 71.4 },
      { scanId: scan.id, accountId: SEED.archive, status: "succeeded", score: 100 },
    ],
  });
  const trail = (arn: string, accountId: string, name: string) =>
    database.trail.create({ data: { arn, accountId, name, homeRegion: "us-east-1", isMultiRegion: true, s3BucketName: SEED.bucket, logFileValidation: true }, select: { id: true } });
  const payments = await trail(SEED.paymentsTrail, SEED.payments, "payments-trail");
  const archive = await trail(SEED.archiveTrail, SEED.archive, "archive-trail");
  await seedChecks(database, scan.id, { payments: payments.id, archive: archive.id });

  const run = await database.validationRun.create({
    data: { trailId: payments.id, accountId: SEED.payments, regions: ["us-east-1"], windowStart: window.from, windowEnd: window.to, trigger: "seed", status: "succeeded", finishedAt: window.to },
  });
  const digestTime = new Date(window.from.getTime() + 2 * 3_600_000);
  const validDigest = digestKey(digestTime);
  const invalidDigestKey = digestKey(new Date(digestTime.getTime() + 3_600_000));
  const base = { runId: run.id, accountId: SEED.payments, region: "us-east-1", s3Bucket: SEED.bucket };
  const invalidLogKeys: string[] = [];
  const verdicts: Prisma.FileVerdictCreateManyInput[] = [
    { ...base, kind: "digest", status: "valid", s3Key: validDigest, fileTime: digestTime, fingerprint: SEED.fingerprint },
    { ...base, kind: "digest", status: "invalid", s3Key: invalidDigestKey, fileTime: new Date(digestTime.getTime() + 3_600_000), reason: "invalid signature" },
  ];
  for (let n = 0; n < invalidLogs; n += 1) {
    const time = new Date(window.from.getTime() + 60_000 * (5 + (n % 1400)));
    const s3Key = logKey(time, n);
    invalidLogKeys.push(s3Key);
    verdicts.push({ ...base, kind: "log", status: "invalid", s3Key, fileTime: time, reason: "hash value doesn't match", expectedHash: hex(`expected ${n}`), actualHash: hex(`actual ${n}`), digestKey: validDigest });
  }
  const missingTime = new Date(window.from.getTime() + 90 * 60_000);
  const missingLogKey = logKey(missingTime, 999_999);
  verdicts.push({ ...base, kind: "log", status: "missing", s3Key: missingLogKey, fileTime: missingTime, reason: "not found", expectedHash: hex("missing"), digestKey: validDigest });
  for (let n = 0; n < 20; n += 1) {
    const time = new Date(window.from.getTime() + 60_000 * (200 + n));
    verdicts.push({ ...base, kind: "log", status: "valid", s3Key: logKey(time, 500_000 + n), fileTime: time, expectedHash: hex(`ok ${n}`), actualHash: hex(`ok ${n}`), digestKey: validDigest });
  }
  for (let i = 0; i < verdicts.length; i += 5_000) await database.fileVerdict.createMany({ data: verdicts.slice(i, i + 5_000) });
  await database.finding.createMany({
    data: [
      { runId: run.id, accountId: SEED.payments, region: "us-east-1", kind: "gap", message: "No log files were delivered by CloudTrail between 2026-11-30T05:00:00Z and 2026-11-30T07:00:00Z", fromTime: new Date("2026-11-30T05:00:00Z"), toTime: new Date("2026-11-30T07:00:00Z") },
      { runId: run.id, accountId: SEED.payments, region: "us-east-1", kind: "digest-missing", s3Uri: `s3://${SEED.bucket}/${digestKey(new Date("2026-11-30T23:00:00Z"))}`, message: "the hourly digest ending 2026-11-30T23:00:00Z does not exist" },
    ],
  });
  const inProgress = await database.validationRun.create({
    data: { trailId: archive.id, accountId: SEED.archive, regions: ["us-east-1"], windowStart: window.from, windowEnd: window.to, trigger: "seed", status: "running", phase: "hashing logs", digestsTotal: 24, digestsDone: 24, logsTotal: 400, logsDone: 120 },
  });
  return { scanId: scan.id, runId: run.id, inProgressRunId: inProgress.id, invalidLogKeys, missingLogKey, invalidDigestKey };
}
