import { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { AwsClients } from "@/lib/aws/clients";
import { FolderListing } from "@/lib/aws/trail-files";
import { latestFlaggedVerdicts } from "@/lib/db/window-integrity-repository";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-clients";
import type { IntegritySection } from "@/lib/sandbox/seed-files";
import { runStoredValidation } from "@/lib/services/integrity/stored-validation";
import { testPrisma } from "@/lib/testing/database";
import { type ScannedSandbox, startScannedSandbox } from "@/lib/testing/scanned-sandbox";

// The attacker log file validation exists for: someone who can write to and delete from the log bucket. Each test
// is one thing they do to the organization trail's bucket (or a multi-region trail's), and what the stored run must
// then say. The tests share one emulator and run in order: the decoys first, the deletions last. Expected findings are
// written from the intent of each attack, not from the run.

const prisma = testPrisma();
let sandbox: ScannedSandbox;
let integrity: IntegritySection;
let s3: S3Client;

beforeAll(async () => {
  sandbox = await startScannedSandbox(prisma);
  integrity = sandbox.integrity;
  s3 = new S3Client({ region: "us-east-1", endpoint: sandbox.endpoint, credentials: SANDBOX_CREDENTIALS, forcePathStyle: true });
}, 180_000);
afterAll(async () => {
  await sandbox?.stop();
  await prisma.$disconnect();
});

function trail(key: string) {
  return sandbox.manifest.trails.find((t) => t.key === key)!;
}

async function validate(trailKey: string, window?: { start: Date; end: Date }) {
  const chain = integrity.chains.find((c) => c.trailKey === trailKey)!;
  const t = trail(trailKey);
  return runStoredValidation(prisma, {
    trailArn: t.arn,
    windowStart: window?.start ?? new Date(chain.start),
    windowEnd: window?.end ?? new Date(chain.end),
    trigger: "test",
  });
}

async function findings(runId: string, kind: string) {
  return prisma.finding.findMany({ where: { runId, kind }, orderBy: [{ accountId: "asc" }, { region: "asc" }, { id: "asc" }] });
}

async function deleteUnder(bucket: string, prefix: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length === 0) return deleted;
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
    deleted += keys.length;
  }
}

const orgTrailRoot = () => {
  const t = trail("org-trail");
  return { bucket: t.bucket.name, root: `${t.prefix ? `${t.prefix}/` : ""}AWSLogs/`, organizationId: sandbox.manifest.organizationId };
};

test("decoy organization folders and a 13-character account folder are reported, never followed", async () => {
  const { bucket, root, organizationId } = orgTrailRoot();
  // "o-!" sorts before any real organization id: the bucket listing once took it for the organization.
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${root}o-!/x`, Body: "decoy" }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${root}o-aaaaaaaaaa/x`, Body: "decoy" }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${root}${organizationId}/1234567890123/CloudTrail-Digest/us-east-1/x`, Body: "too long" }));

  const result = await validate("org-trail");
  // Every member account in both regions, as before the decoys (7 accounts × 2 regions).
  expect(result.chains).toHaveLength(14);
  expect(result.chains.every((c) => /^\d{12}$/.test(c.accountId))).toBe(true);
  const unexpected = await findings(result.runId, "unexpected-prefix");
  expect(unexpected.map((f) => f.s3Uri).sort()).toEqual(
    [`s3://${bucket}/${root}o-!/`, `s3://${bucket}/${root}o-aaaaaaaaaa/`, `s3://${bucket}/${root}${organizationId}/1234567890123/`].sort(),
  );
  expect(unexpected.find((f) => f.s3Uri!.includes("1234567890123"))!.message).toContain("not an account id");
  const run = await prisma.validationRun.findUniqueOrThrow({ where: { id: result.runId } });
  expect(run.digestsDone).toBeGreaterThan(0);
}, 240_000);

/** The security trail's chain and the log folder of its last day (in every run's window). */
function securityLogFolder() {
  const t = trail("security-trail");
  const chain = integrity.chains.find((c) => c.trailKey === "security-trail")!;
  const day = new Date(chain.end).toISOString().slice(0, 10).replaceAll("-", "/");
  return { t, chain, folder: `${t.prefix ? `${t.prefix}/` : ""}AWSLogs/${chain.accountId}/CloudTrail/${chain.region}/${day}/` };
}

test("an object in a log folder whose name carries no time is judged all the same (log-unreferenced)", async () => {
  const { t, folder } = securityLogFolder();
  const key = `${folder}notes.json.gz`;
  await s3.send(new PutObjectCommand({ Bucket: t.bucket.name, Key: key, Body: "x" }));
  const result = await validate("security-trail");
  expect((await findings(result.runId, "log-unreferenced")).map((f) => f.s3Uri)).toContain(`s3://${t.bucket.name}/${key}`);
}, 240_000);

test("a million junk keys become a bounded list of findings with the exact count", async () => {
  const { t, chain, folder } = securityLogFolder();
  const stamp = new Date(new Date(chain.end).getTime() - 3_600_000).toISOString().replace(/[-:]/g, "").slice(0, 13);
  const unreferencedIn = async (runId: string) =>
    (await findings(runId, "log-unreferenced")).filter((f) => f.accountId === chain.accountId && f.region === chain.region);
  const before = (await unreferencedIn((await validate("security-trail")).runId)).length;
  const junk = 1_050; // past the cap of 1,000 per kind and chain, cheap enough for the emulator
  for (let i = 0; i < junk; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, junk - i) }, (_, j) =>
        s3.send(new PutObjectCommand({ Bucket: t.bucket.name, Key: `${folder}${chain.accountId}_CloudTrail_${chain.region}_${stamp}Z_junk${i + j}.json.gz`, Body: "x" })),
      ),
    );
  }
  const result = await validate("security-trail");
  const unreferenced = await unreferencedIn(result.runId);
  expect(unreferenced).toHaveLength(1_001); // 1,000 listed one by one, and one that counts the rest
  const summary = unreferenced.find((f) => f.s3Uri === null)!;
  expect(summary.evidence).toEqual({ listed: 1_000, notListed: before + junk - 1_000, total: before + junk });
  expect(result.status).toBe("succeeded");
}, 240_000);

test("past its cap, a chain's listing keeps the first objects S3 gives, across pages, and counts the rest", async () => {
  // The folder holds the junk of the test above: over a thousand objects, more than one page of ListObjectsV2.
  const { t, folder } = securityLogFolder();
  let total = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: t.bucket.name, Prefix: folder, ContinuationToken: token }));
    total += page.KeyCount ?? 0;
    token = page.NextContinuationToken;
  } while (token);
  expect(total).toBeGreaterThan(1_050);
  const cap = 1_020; // past the first page of 1,000
  const listing = new FolderListing({ s3: () => s3 } as unknown as Pick<AwsClients, "s3">, "us-east-1", t.bucket.name, [folder], cap);
  expect((await listing.all).size).toBe(cap);
  expect(listing.overflow).toBe(total - cap);
}, 240_000);

test("a member account's folders deleted: its chains are missing, by name", async () => {
  const { bucket, root, organizationId } = orgTrailRoot();
  const member = sandbox.manifest.accounts.find((a) => !a.management && a.name !== "log-archive")!;
  expect(await deleteUnder(bucket, `${root}${organizationId}/${member.id}/`)).toBeGreaterThan(0);
  const result = await validate("org-trail");
  expect(result.chains).toHaveLength(14);
  const missing = (await findings(result.runId, "chain-missing")).map((f) => `${f.accountId} ${f.region}`);
  expect(missing).toEqual(sandbox.manifest.regions.map((region) => `${member.id} ${region}`).sort());
}, 240_000);

test("one region of a multi-region trail deleted: that chain is missing, and the problem count does not go down", async () => {
  const t = trail("payments-trail");
  const before = await validate("payments-trail");
  const problemsBefore = await prisma.finding.count({ where: { runId: before.runId } });
  const digestRoot = `${t.prefix ? `${t.prefix}/` : ""}AWSLogs/${t.accountId}/CloudTrail-Digest/eu-west-1/`;
  const logRoot = `${t.prefix ? `${t.prefix}/` : ""}AWSLogs/${t.accountId}/CloudTrail/eu-west-1/`;
  expect((await deleteUnder(t.bucket.name, digestRoot)) + (await deleteUnder(t.bucket.name, logRoot))).toBeGreaterThan(0);

  const after = await validate("payments-trail");
  expect(after.chains.map((c) => c.region).sort()).toEqual(["eu-west-1", "us-east-1"]);
  const missing = await findings(after.runId, "chain-missing");
  expect(missing.map((f) => `${f.accountId} ${f.region}`)).toEqual([`${t.accountId} eu-west-1`]);
  expect(await prisma.finding.count({ where: { runId: after.runId } })).toBeGreaterThanOrEqual(1);
  expect(problemsBefore).toBeGreaterThan(0);
  // The heatmap's days for that region say tampering, not "no data".
  const days = await prisma.integrityDay.findMany({ where: { trailId: (await prisma.trail.findFirstOrThrow({ where: { arn: t.arn } })).id, region: "eu-west-1", accountId: t.accountId } });
  expect(days.filter((d) => d.runId === after.runId && d.tamperCount > 0).length).toBeGreaterThan(0);
}, 240_000);

test("a run over a window with nothing in it examined nothing, and does not say it succeeded", async () => {
  const result = await validate("security-trail", { start: new Date("2020-01-01T00:00:00Z"), end: new Date("2020-01-01T06:00:00Z") });
  expect(result.status).toBe("partial");
  const run = await prisma.validationRun.findUniqueOrThrow({ where: { id: result.runId } });
  expect(run.error).toContain("no digest or log file was examined");
}, 240_000);

test("the newest digest moved one minute past the window's end: INVALID (moved), as the AWS CLI and validate-logs say", async () => {
  const t = trail("security-trail");
  const chain = integrity.chains.find((c) => c.trailKey === "security-trail")!;
  const digestFolder = `${t.prefix ? `${t.prefix}/` : ""}AWSLogs/${chain.accountId}/CloudTrail-Digest/${chain.region}/`;
  const end = new Date(chain.end);
  const keyTimeOf = (key: string) => /_(\d{8}T\d{6})Z\.json\.gz$/.exec(key)![1]!;
  const stamp = (time: Date) => time.toISOString().replace(/[-:]/g, "").slice(0, 15);
  const listed = (await s3.send(new ListObjectsV2Command({ Bucket: t.bucket.name, Prefix: digestFolder }))).Contents!.map((o) => o.Key!);
  const newest = listed.filter((key) => keyTimeOf(key) <= stamp(end)).sort((a, b) => keyTimeOf(a).localeCompare(keyTimeOf(b))).at(-1)!;
  const movedEnd = new Date(end.getTime() + 60_000);
  const moved = newest.replace(/\d{4}\/\d{2}\/\d{2}\/([^/]*)_\d{8}T\d{6}Z\.json\.gz$/, (_m, name: string) => `${movedEnd.toISOString().slice(0, 10).replaceAll("-", "/")}/${name}_${stamp(movedEnd)}Z.json.gz`);
  expect(moved).not.toBe(newest);
  const body = await (await s3.send(new GetObjectCommand({ Bucket: t.bucket.name, Key: newest }))).Body!.transformToByteArray();
  const head = await s3.send(new HeadObjectCommand({ Bucket: t.bucket.name, Key: newest }));
  await s3.send(new PutObjectCommand({ Bucket: t.bucket.name, Key: moved, Body: body, Metadata: head.Metadata }));
  await s3.send(new DeleteObjectsCommand({ Bucket: t.bucket.name, Delete: { Objects: [{ Key: newest }] } }));

  const result = await validate("security-trail");
  const verdict = await prisma.fileVerdict.findFirst({ where: { runId: result.runId, s3Key: moved } });
  expect(verdict).toMatchObject({ kind: "digest", status: "invalid", reason: "has been moved from its original location" });
  const run = await prisma.validationRun.findUniqueOrThrow({ where: { id: result.runId } });
  expect(run.invalidCount).toBeGreaterThanOrEqual(1);
  // The window's judgement (trail page, evidence report) includes it: the digest of the window's last hour is named
  // after the window's end.
  const trailId = (await prisma.trail.findFirstOrThrow({ where: { arn: t.arn } })).id;
  const flagged = await latestFlaggedVerdicts(prisma, trailId, { from: new Date(chain.start), to: end }, chain.accountId, 1_000);
  expect(flagged.find((f) => f.s3Key === moved)).toMatchObject({ status: "invalid", reason: "has been moved from its original location" });
}, 240_000);

test("a trail with log file validation off owes no digests: nothing proven, and none of its chains reads as deleted", async () => {
  const t = sandbox.manifest.trails.find((x) => !x.logFileValidation && x.logging)!;
  const window = integrity.chains[0]!;
  const result = await runStoredValidation(prisma, { trailArn: t.arn, windowStart: new Date(window.start), windowEnd: new Date(window.end), trigger: "test" });
  expect(await prisma.finding.count({ where: { runId: result.runId, kind: { in: ["chain-missing", "digest-missing"] } } })).toBe(0);
  expect(result.status).toBe("partial"); // examined nothing: never "succeeded"
}, 240_000);
