import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CloudTrailClient, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { MANAGEMENT_ACCOUNT_ID } from "@/lib/sandbox/plan";
import { SandboxAccounts } from "@/lib/sandbox/sandbox-clients";
import { startTestSandbox } from "@/lib/testing/sandbox";

// `npm run sandbox -- tamper …` against a running emulator, as a person types it: the command runs in its own
// process, finds the emulator from its state directory, and this test checks with plain S3 and CloudTrail calls that
// the object changed or vanished and that `restore` brings back the original bytes.

const run = promisify(execFile);
let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let stateDir: string;

async function tamper(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/sandbox.ts", "tamper", ...args, "--state-dir", stateDir], { timeout: 60_000 });
  return stdout;
}

function uriIn(output: string): { bucket: string; key: string } {
  const match = /s3:\/\/([^/\s]+)\/(\S+)/.exec(output);
  if (!match) throw new Error(`no S3 URI in: ${output}`);
  return { bucket: match[1]!, key: match[2]! };
}

async function read(bucket: string, key: string): Promise<{ body: Buffer; metadata: Record<string, string> } | "missing"> {
  const trail = sandbox.manifest.trails.find((t) => t.bucket.name === bucket)!;
  // As the emulator's operator: the bucket owner's role may not decrypt a log file under another account's key.
  const target = await new SandboxAccounts(sandbox.endpoint).target(MANAGEMENT_ACCOUNT_ID, trail.bucket.region);
  try {
    const object = await new S3Client({ ...target, forcePathStyle: true }).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { body: Buffer.from(await object.Body!.transformToByteArray()), metadata: object.Metadata ?? {} };
  } catch (error) {
    if (error instanceof Error && error.name === "NoSuchKey") return "missing";
    throw error;
  }
}

beforeAll(async () => {
  sandbox = await startTestSandbox(undefined, { files: true });
  stateDir = path.dirname(sandbox.manifestPath);
}, 180_000);
afterAll(async () => {
  await sandbox?.stop();
});

test("modify-log changes a log file a digest vouches for; restore puts back the original bytes", async () => {
  const output = await tamper("modify-log");
  expect(output).toMatch(/modified s3:\/\//);
  const { bucket, key } = uriIn(output);
  expect(key).toMatch(/\/CloudTrail\/.*_CloudTrail_.*\.json\.gz$/);
  const tampered = await read(bucket, key);
  if (tampered === "missing") throw new Error("the tampered log vanished");
  expect(gunzipSync(tampered.body).toString("utf8")).toContain('"eventName":"X');

  expect(await tamper("restore")).toContain(`restored s3://${bucket}/${key}`);
  const restored = await read(bucket, key);
  if (restored === "missing") throw new Error("the restored log is missing");
  expect(gunzipSync(restored.body).toString("utf8")).not.toContain('"eventName":"X');
  expect(restored.body.equals(tampered.body)).toBe(false);
}, 120_000);

test("delete-log and delete-newest-digest make the object vanish; restore brings back the same bytes and signature", async () => {
  for (const what of ["delete-log", "delete-newest-digest"]) {
    const output = await tamper(what);
    const { bucket, key } = uriIn(output);
    if (what === "delete-newest-digest") expect(key).toMatch(/\/CloudTrail-Digest\/.*\.json\.gz$/);
    expect(await read(bucket, key)).toBe("missing");
    await tamper("restore");
    const restored = await read(bucket, key);
    if (restored === "missing") throw new Error(`${what}: restore did not bring ${key} back`);
    // The bytes as they were: a digest must still verify, so its signature metadata comes back too.
    if (what === "delete-newest-digest") expect(restored.metadata.signature).toMatch(/^[0-9a-f]+$/);
  }
}, 120_000);

test("the original bytes: a tamper followed by restore leaves the object exactly as read before", async () => {
  // Read the object the command will pick (its output names it) before touching it, by tampering once to learn the
  // key, restoring, reading, then tampering and restoring again.
  const { bucket, key } = uriIn(await tamper("modify-log"));
  await tamper("restore");
  const before = await read(bucket, key);
  await tamper("modify-log");
  const during = await read(bucket, key);
  await tamper("restore");
  const after = await read(bucket, key);
  if (before === "missing" || during === "missing" || after === "missing") throw new Error("the log went missing");
  expect(during.body.equals(before.body)).toBe(false);
  expect(after.body.equals(before.body)).toBe(true);
  expect(after.metadata).toEqual(before.metadata);
}, 120_000);

test("stop-logging stops the trail; restore starts it again", async () => {
  const trail = sandbox.manifest.trails.find((t) => t.logFileValidation && t.logging)!;
  const status = async () => {
    const target = await new SandboxAccounts(sandbox.endpoint).target(trail.accountId, trail.homeRegion);
    return (await new CloudTrailClient(target).send(new GetTrailStatusCommand({ Name: trail.arn }))).IsLogging;
  };
  expect(await tamper("stop-logging", "--trail", trail.name)).toContain(`stopped logging: ${trail.arn}`);
  expect(await status()).toBe(false);
  expect(await tamper("restore")).toContain(`started logging again: ${trail.arn}`);
  expect(await status()).toBe(true);
}, 120_000);

test("without a running organization the command says how to start one, and changes nothing", async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "tp-no-sandbox-"));
  try {
    await expect(run(process.execPath, ["--import", "tsx", "scripts/sandbox.ts", "tamper", "modify-log", "--state-dir", empty])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/no local organization is running .*npm start/),
    });
    await expect(run(process.execPath, ["--import", "tsx", "scripts/sandbox.ts", "tamper", "shred-everything", "--state-dir", empty])).rejects.toMatchObject({
      stderr: expect.stringMatching(/tamper what\? one of modify-log, delete-log, delete-newest-digest, stop-logging, restore/),
    });
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
}, 60_000);
