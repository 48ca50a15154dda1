import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from "@aws-sdk/client-kms";
import { GetBucketLoggingCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@smithy/types";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { SandboxManifest } from "@/lib/sandbox/manifest";
import { startMotoServer, type MotoServer } from "@/lib/sandbox/moto-launcher";
import { DEFAULT_OPTIONS, planSandbox } from "@/lib/sandbox/plan";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-clients";
import { seedSandbox } from "@/lib/sandbox/seed";
import { freePort } from "@/lib/util/ports";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

let moto: MotoServer;
let manifest: SandboxManifest;
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-sandbox-"));

beforeAll(async () => {
  moto = await startMotoServer({ port: await freePort() });
  ({ manifest } = await seedSandbox(moto.endpoint, DEFAULT_OPTIONS, stateDir));
});
afterAll(async () => {
  await moto?.stop();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

/** What TrailProof will do: assume the read-only audit role, with the ExternalId. */
async function auditCredentials(accountId: string): Promise<AwsCredentialIdentity> {
  const sts = new STSClient({ region: "us-east-1", endpoint: moto.endpoint, credentials: SANDBOX_CREDENTIALS });
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${manifest.auditRoleName}`, RoleSessionName: "readback", ExternalId: manifest.externalId }),
  );
  return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken };
}

async function config(accountId: string, region: string) {
  return { region, endpoint: moto.endpoint, credentials: await auditCredentials(accountId) };
}

test("the organization has the management account and six members, with the ids the plan predicts", () => {
  expect(manifest.accounts).toHaveLength(7);
  expect(manifest.accounts.filter((a) => a.management).map((a) => a.id)).toEqual(["123456789012"]);
  expect(new Set(manifest.accounts.map((a) => a.id)).size).toBe(7);
});

test("every checklist item passes on some trail and fails on another", () => {
  const varies = (pick: (t: SandboxManifest["trails"][number]) => unknown) => new Set(manifest.trails.map(pick)).size > 1;
  expect(varies((t) => t.multiRegion)).toBe(true);
  expect(varies((t) => t.logFileValidation)).toBe(true);
  expect(varies((t) => t.kms.kind)).toBe(true);
  expect(varies((t) => t.logGroup.kind)).toBe(true);
  expect(varies((t) => t.bucket.mfaDelete)).toBe(true);
  expect(varies((t) => t.bucket.publicAccessBlock)).toBe(true);
  expect(varies((t) => t.logging)).toBe(true);
  expect(manifest.trails.some((t) => t.bucket.accountId !== t.accountId)).toBe(true); // a log-archive bucket
  expect(manifest.trails.some((t) => t.kms.kind === "aws-managed")).toBe(true);
});

describe("each trail reads back through the AWS SDK as the manifest says", () => {
  test.each(planSandbox(DEFAULT_OPTIONS).trails.map((t) => t.key))("%s", async (key) => {
    const trail = manifest.trails.find((t) => t.key === key)!;
    const cloudtrail = new CloudTrailClient(await config(trail.accountId, trail.homeRegion));
    const found = (await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList?.find((t) => t.TrailARN === trail.arn);
    expect(found).toMatchObject({
      Name: trail.name,
      HomeRegion: trail.homeRegion,
      IsMultiRegionTrail: trail.multiRegion,
      IsOrganizationTrail: trail.organization,
      LogFileValidationEnabled: trail.logFileValidation,
      S3BucketName: trail.bucket.name,
    });
    expect(found?.S3KeyPrefix ?? null).toBe(trail.prefix);
    expect(found?.KmsKeyId ?? null).toBe(trail.kms.keyArn);
    expect(found?.CloudWatchLogsLogGroupArn ?? null).toBe(trail.logGroup.arn);
    expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: trail.arn }))).IsLogging).toBe(trail.logging);

    if (trail.kms.keyArn) {
      const kms = new KMSClient(await config(trail.accountId, trail.homeRegion)); // cross-account keys by ARN
      const key = (await kms.send(new DescribeKeyCommand({ KeyId: trail.kms.keyArn }))).KeyMetadata;
      expect(key?.KeyManager).toBe(trail.kms.kind === "aws-managed" ? "AWS" : "CUSTOMER");
      if (trail.kms.kind === "customer-managed") {
        const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: trail.kms.keyArn }));
        expect(rotation.KeyRotationEnabled).toBe(trail.kms.rotation);
      }
    }
    if (trail.logGroup.arn) {
      const name = trail.logGroup.arn.split(":")[6]!;
      const logs = new CloudWatchLogsClient(await config(trail.accountId, trail.homeRegion));
      const group = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups?.find((g) => g.logGroupName === name);
      expect(Boolean(group?.kmsKeyId)).toBe(trail.logGroup.kind === "encrypted");
    }

    const bucketOwner = await config(trail.bucket.accountId, trail.bucket.region);
    const s3 = new S3Client({ ...bucketOwner, forcePathStyle: true });
    const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: trail.bucket.name }));
    expect(versioning.Status ?? "never").toBe(trail.bucket.versioning);
    expect(versioning.MFADelete === "Enabled").toBe(trail.bucket.mfaDelete);
    const logging = await s3.send(new GetBucketLoggingCommand({ Bucket: trail.bucket.name }));
    expect(Boolean(logging.LoggingEnabled)).toBe(trail.bucket.accessLogging);
    const bucketBlock = await s3
      .send(new GetPublicAccessBlockCommand({ Bucket: trail.bucket.name }))
      .then((r) => r.PublicAccessBlockConfiguration)
      .catch((error: Error) => (error.name === "NoSuchPublicAccessBlockConfiguration" ? null : Promise.reject(error)));
    const control = new S3ControlClient({ ...bucketOwner, endpointProvider: () => ({ url: new URL(moto.endpoint) }) });
    const accountBlock = await control
      .send(new GetAccountPublicAccessBlockCommand({ AccountId: trail.bucket.accountId }))
      .then((r) => r.PublicAccessBlockConfiguration)
      .catch((error: Error) => (error.name === "NoSuchPublicAccessBlockConfiguration" ? null : Promise.reject(error)));
    const shape = { bucket: [Boolean(bucketBlock), Boolean(accountBlock)], account: [false, true], partial: [true, false], none: [false, false] };
    expect([Boolean(bucketBlock), Boolean(accountBlock)]).toEqual(shape[trail.bucket.publicAccessBlock]);
    if (trail.bucket.publicAccessBlock === "bucket") expect(Object.values(bucketBlock!).every(Boolean)).toBe(true);
    if (trail.bucket.publicAccessBlock === "partial") expect(bucketBlock?.BlockPublicPolicy).toBe(false);
  });
});

test("the organization trail is visible, read-only, in every member account and region", async () => {
  const orgTrail = manifest.trails.find((t) => t.organization)!;
  for (const account of manifest.accounts.filter((a) => !a.management)) {
    for (const region of manifest.regions) {
      const cloudtrail = new CloudTrailClient(await config(account.id, region));
      const arns = (await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList?.map((t) => t.TrailARN);
      expect(arns, `${account.name} ${region}`).toContain(orgTrail.arn);
    }
  }
});

test("a finished seed is not redone; an interrupted one is wiped and redone", async () => {
  const again = await seedSandbox(moto.endpoint, DEFAULT_OPTIONS, stateDir);
  expect(again.seededNow).toBe(false);

  const s3 = new S3Client({ region: "us-east-1", endpoint: moto.endpoint, credentials: SANDBOX_CREDENTIALS, forcePathStyle: true });
  await s3.send(new PutObjectCommand({ Bucket: "trailproof-sandbox-state", Key: "seed.json", Body: JSON.stringify({ status: "seeding", fingerprint: "x" }) }));
  const lines: string[] = [];
  const redone = await seedSandbox(moto.endpoint, DEFAULT_OPTIONS, stateDir, undefined, (line) => lines.push(line));
  expect(redone.seededNow).toBe(true);
  expect(lines[0]).toBe("an earlier seed did not finish: wiping the emulator and seeding again");
  expect(redone.manifest.trails.map((t) => t.arn)).toEqual(manifest.trails.map((t) => t.arn));
});
