import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CloudTrailClient, StartLoggingCommand, StopLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { digestKeyDateText, isBackfillDigestKey } from "@/lib/core/integrity/keys";
import type { ManifestTrail, SandboxManifest } from "@/lib/sandbox/manifest";
import { MANAGEMENT_ACCOUNT_ID } from "@/lib/sandbox/plan";
import { SandboxAccounts } from "@/lib/sandbox/sandbox-clients";

// `npm run sandbox -- tamper …`: tampering with the RUNNING local organization (the one `npm run sandbox` or
// `npm start` started), so a person or a test can watch TrailProof notice it. Test tooling: it writes to the local
// emulator only (SandboxAccounts refuses any endpoint not on loopback), never to AWS. What each tamper changed is kept
// in the sandbox's state directory, so `restore` puts back the original bytes, metadata and logging state.

export const LIVE_TAMPER_KINDS = ["modify-log", "delete-log", "delete-newest-digest", "stop-logging"] as const;
export type LiveTamperKind = (typeof LIVE_TAMPER_KINDS)[number];

/** Written by startSandbox while an emulator runs: where the tamper command finds it. */
export const RUNNING_FILE = "running.json";
const UNDO_FILE = "tamper-undo.json";

export interface RunningSandboxInfo {
  endpoint: string;
  manifestPath: string;
  pid: number;
}

interface SavedObject {
  bucket: string;
  key: string;
  region: string;
  ownerAccountId: string;
  body: string; // base64
  metadata: Record<string, string>;
  contentType?: string;
  contentEncoding?: string;
}

type UndoStep = { object: SavedObject } | { startLogging: { trailArn: string; region: string; accountId: string } };

export interface LiveTamperOutcome {
  what: LiveTamperKind | "restore";
  trail?: string;
  /** One line per change, each naming its S3 URI (or the trail, for logging). */
  changes: string[];
}

export function writeRunningFile(stateDir: string, info: RunningSandboxInfo): void {
  fs.writeFileSync(path.join(stateDir, RUNNING_FILE), JSON.stringify(info, null, 2));
}

export function removeRunningFile(stateDir: string, pid: number): void {
  const file = path.join(stateDir, RUNNING_FILE);
  // Only our own: a later emulator may have replaced it.
  if (readJson<RunningSandboxInfo>(file)?.pid === pid) fs.rmSync(file, { force: true });
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** The running emulator of this state directory, or a message saying how to start one. */
export function findRunningSandbox(stateDir: string): { info: RunningSandboxInfo; manifest: SandboxManifest } {
  const info = readJson<RunningSandboxInfo>(path.join(stateDir, RUNNING_FILE));
  const alive = info && isAlive(info.pid);
  if (!info || !alive) throw new Error(`no local organization is running for ${stateDir}: start one with \`npm start\` (demo mode) or \`npm run sandbox\``);
  const manifest = readJson<SandboxManifest>(info.manifestPath);
  if (!manifest) throw new Error(`the running organization's manifest ${info.manifestPath} cannot be read`);
  return { info, manifest };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The trail named, or the first logging trail with log file validation on (the one whose tampering shows). */
export function pickTrail(manifest: SandboxManifest, name?: string): ManifestTrail {
  if (name) {
    const trail = manifest.trails.find((t) => t.name === name || t.key === name || t.arn === name);
    if (!trail) throw new Error(`no trail named ${name}: the organization has ${manifest.trails.map((t) => t.name).join(", ")}`);
    return trail;
  }
  const trail = manifest.trails.find((t) => t.logFileValidation && t.logging);
  if (!trail) throw new Error("the organization has no logging trail with log file validation on");
  return trail;
}

/** A digest hashes the log's uncompressed content; a log the demo already broke (not gzip) does not match. */
function matchesHash(saved: SavedObject, hashValue: string): boolean {
  try {
    return createHash("sha256").update(gunzipSync(Buffer.from(saved.body, "base64"))).digest("hex") === hashValue;
  } catch {
    return false;
  }
}

/** Writes `body` under a saved object's key with its metadata (a digest's signature lives there). */
async function putObject(s3: S3Client, saved: SavedObject, body: Buffer): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: saved.bucket, Key: saved.key, Body: body, Metadata: saved.metadata, ContentType: saved.contentType, ContentEncoding: saved.contentEncoding }));
}

class TrailBucket {
  private constructor(
    readonly s3: S3Client,
    readonly trail: ManifestTrail,
  ) {}

  static async open(accounts: SandboxAccounts, trail: ManifestTrail): Promise<TrailBucket> {
    // As the emulator's operator (the management account's default credentials, which the emulator's KMS check leaves
    // alone): the bucket owner's role may not decrypt log files under another account's key, and whoever tampers
    // here stands for someone who can.
    const target = await accounts.target(MANAGEMENT_ACCOUNT_ID, trail.bucket.region);
    return new TrailBucket(new S3Client({ ...target, forcePathStyle: true }), trail);
  }

  get name(): string {
    return this.trail.bucket.name;
  }

  uri(key: string): string {
    return `s3://${this.name}/${key}`;
  }

  /** This trail's own digests (not backfill), newest first by the date in their key. */
  async digestKeys(): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    const prefix = this.trail.prefix ? `${this.trail.prefix}/AWSLogs/` : "AWSLogs/";
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.name, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const key = object.Key ?? "";
        if (key.includes("/CloudTrail-Digest/") && key.includes(`_CloudTrail-Digest_`) && key.includes(`_${this.trail.name}_`) && !isBackfillDigestKey(key)) keys.push(key);
      }
      token = page.NextContinuationToken;
    } while (token);
    return keys.sort((a, b) => digestKeyDateText(b).localeCompare(digestKeyDateText(a)));
  }

  async get(key: string): Promise<SavedObject | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.name, Key: key }));
      const body = Buffer.from(await object.Body!.transformToByteArray());
      return {
        bucket: this.name,
        key,
        region: this.trail.bucket.region,
        ownerAccountId: this.trail.bucket.accountId,
        body: body.toString("base64"),
        metadata: object.Metadata ?? {},
        contentType: object.ContentType,
        contentEncoding: object.ContentEncoding,
      };
    } catch (error) {
      if (error instanceof Error && (error.name === "NoSuchKey" || error.name === "NotFound")) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.name, Key: key }));
  }

  /**
   * The newest log file a digest vouches for and that still matches its hash: changing it is what a validation
   * must catch (a log newer than the newest digest is not covered yet, and the demo already broke some others).
   */
  async newestProvenLog(): Promise<SavedObject> {
    for (const digestKey of (await this.digestKeys()).slice(0, 48)) {
      const digest = await this.get(digestKey);
      if (!digest) continue;
      const document = JSON.parse(gunzipSync(Buffer.from(digest.body, "base64")).toString("utf8")) as { logFiles?: { s3Bucket: string; s3Object: string; hashValue: string }[] };
      for (const log of [...(document.logFiles ?? [])].reverse()) {
        if (log.s3Bucket !== this.name) continue;
        const saved = await this.get(log.s3Object);
        if (saved && matchesHash(saved, log.hashValue)) return saved;
      }
    }
    throw new Error(`no log file of ${this.trail.name} is vouched for by a digest and still intact`);
  }
}

/** Changes the running organization as `what` says, remembering how to undo it. */
export async function tamperRunning(stateDir: string, what: LiveTamperKind, trailName?: string): Promise<LiveTamperOutcome> {
  const { info, manifest } = findRunningSandbox(stateDir);
  const accounts = new SandboxAccounts(info.endpoint);
  const trail = pickTrail(manifest, trailName);
  const undo = readJson<UndoStep[]>(path.join(stateDir, UNDO_FILE)) ?? [];
  const remember = (step: UndoStep) => {
    undo.push(step);
    fs.writeFileSync(path.join(stateDir, UNDO_FILE), JSON.stringify(undo));
  };
  const outcome = (change: string): LiveTamperOutcome => ({ what, trail: trail.name, changes: [change] });

  if (what === "stop-logging") {
    const client = new CloudTrailClient(await accounts.target(trail.accountId, trail.homeRegion));
    await client.send(new StopLoggingCommand({ Name: trail.arn }));
    remember({ startLogging: { trailArn: trail.arn, region: trail.homeRegion, accountId: trail.accountId } });
    return outcome(`stopped logging: ${trail.arn}`);
  }
  const bucket = await TrailBucket.open(accounts, trail);
  if (what === "delete-newest-digest") {
    const newest = (await bucket.digestKeys())[0];
    const saved = newest ? await bucket.get(newest) : undefined;
    if (!saved) throw new Error(`${trail.name} has no digest file to delete`);
    remember({ object: saved });
    await bucket.delete(saved.key);
    return outcome(`deleted ${bucket.uri(saved.key)}`);
  }
  const log = await bucket.newestProvenLog();
  remember({ object: log });
  if (what === "delete-log") {
    await bucket.delete(log.key);
    return outcome(`deleted ${bucket.uri(log.key)}`);
  }
  // modify-log: valid gzip, one event renamed, so only the hash in the digest tells.
  const text = gunzipSync(Buffer.from(log.body, "base64")).toString("utf8");
  const forged = text.includes('"eventName":"') ? text.replace('"eventName":"', '"eventName":"X') : `${text} `;
  await putObject(bucket.s3, log, gzipSync(Buffer.from(forged)));
  return outcome(`modified ${bucket.uri(log.key)} (an event renamed inside the log file)`);
}

/** Puts back everything the tampers since the last restore changed, newest first. */
export async function restoreRunning(stateDir: string): Promise<LiveTamperOutcome> {
  const { info } = findRunningSandbox(stateDir);
  const file = path.join(stateDir, UNDO_FILE);
  const undo = readJson<UndoStep[]>(file) ?? [];
  const accounts = new SandboxAccounts(info.endpoint);
  const changes: string[] = [];
  for (const step of [...undo].reverse()) {
    if ("startLogging" in step) {
      const { trailArn, region, accountId } = step.startLogging;
      await new CloudTrailClient(await accounts.target(accountId, region)).send(new StartLoggingCommand({ Name: trailArn }));
      changes.push(`started logging again: ${trailArn}`);
    } else {
      const saved = step.object;
      const s3 = new S3Client({ ...(await accounts.target(saved.ownerAccountId, saved.region)), forcePathStyle: true });
      await putObject(s3, saved, Buffer.from(saved.body, "base64"));
      changes.push(`restored s3://${saved.bucket}/${saved.key}`);
    }
  }
  fs.rmSync(file, { force: true });
  return { what: "restore", changes: changes.length ? changes : ["nothing to restore: no tamper since the last restore"] };
}
