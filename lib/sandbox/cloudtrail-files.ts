import { createHash, sign } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { PublicKeyEntry } from "@/lib/core/integrity/digest-check";
import type { DigestDocument, DigestLogFile, JsonObject } from "@/lib/core/integrity/digest-document";
import { type DigestScope, digestKey, logFileKey } from "@/lib/core/integrity/keys";
import { stringToSign } from "@/lib/core/integrity/signature";
import { type CloudTrailRecord, managementEvent } from "@/lib/sandbox/cloudtrail-events";
import { type Seed, SeededRandom } from "@/lib/sandbox/seeded-random";
import { type SandboxKeyPair, seededRsaKeyPair } from "@/lib/sandbox/seeded-rsa";

// Deterministic, in-memory CloudTrail files for one trail in one source region: gzipped log files and the hourly,
// correctly signed digest chain over them (DIGESTS.md sections 1-4), with key rotation, logging stops and backfill
// digests. Nothing is uploaded here: the sandbox seeder puts `objects` into S3 and registers `keys` with moto's
// ListPublicKeys; tests feed them to the validator directly.

/** One S3 object as it should be stored: key, gzipped body, user metadata (without "x-amz-meta-"). */
export interface SandboxObject {
  key: string;
  body: Buffer;
  metadata: Record<string, string>;
}

/** The bucket's content: key → object. Tamper helpers edit a copy of it. */
export type SandboxBucket = Map<string, SandboxObject>;

export interface TrailFilesSpec {
  seed: Seed;
  bucket: string;
  /** S3KeyPrefix, without the joining "/". */
  prefix?: string | null;
  /** Set for an organization trail: keys then sit under AWSLogs/{o-id}/{account}/. */
  organizationId?: string | null;
  accountId: string;
  sourceRegion: string;
  homeRegion: string;
  trailName: string;
  /** digestStartTime of the first digest; every digest covers the hour after its start. */
  start: Date;
  /** How many hourly slots to generate (stopped hours included). */
  hours: number;
  /** Log files per hour, [min, max]. Default [0, 3]. */
  logsPerHour?: readonly [number, number];
  /** Approximate uncompressed size of one log file. Default 8 KiB. */
  logBytes?: number;
  /** Hour indexes at which a new signing key takes over. */
  keyRotations?: readonly number[];
  /** Logging stopped during hours [from, to): no files then; the digest of hour `to` starts a new chain. */
  stops?: readonly { from: number; to: number }[];
  /** Hour indexes that also get a backfill digest (their own chain), generated 2 h after the last hour. */
  backfillHours?: readonly number[];
}

export interface GeneratedLog {
  key: string;
  /** Uncompressed JSON, `{"Records":[...]}`. */
  content: Buffer;
  body: Buffer;
  hashValue: string;
  records: number;
}

export interface GeneratedDigest {
  hour: number;
  key: string;
  backfill: boolean;
  document: DigestDocument;
  content: Buffer;
  body: Buffer;
  metadata: Record<string, string>;
  /** Index into `keys` of the signing key. */
  keyIndex: number;
  logs: GeneratedLog[];
}

export interface GeneratedKey extends SandboxKeyPair {
  validFrom: Date;
  validTo: Date;
}

export interface TrailFiles {
  spec: TrailFilesSpec;
  trailArn: string;
  scope: DigestScope;
  keys: GeneratedKey[];
  /** Standard digests, oldest first, as CloudTrail delivered them. */
  digests: GeneratedDigest[];
  backfillDigests: GeneratedDigest[];
  /** Every object as delivered. Copy it before tampering. */
  objects: SandboxBucket;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function trailArnOf(spec: Pick<TrailFilesSpec, "homeRegion" | "accountId" | "trailName">): string {
  return `arn:aws:cloudtrail:${spec.homeRegion}:${spec.accountId}:trail/${spec.trailName}`;
}

export function scopeOf(spec: TrailFilesSpec): DigestScope {
  return {
    prefix: spec.prefix ?? null,
    organizationId: spec.organizationId ?? null,
    accountId: spec.accountId,
    sourceRegion: spec.sourceRegion,
    homeRegion: spec.homeRegion,
    trailName: spec.trailName,
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Serializes, signs and gzips a digest document the way CloudTrail does. */
export function signDigest(
  document: DigestDocument | JsonObject,
  key: SandboxKeyPair,
  extraMetadata: Record<string, string> = {},
): { content: Buffer; body: Buffer; metadata: Record<string, string>; signature: string } {
  const content = Buffer.from(JSON.stringify(document));
  const data = Buffer.from(stringToSign(document as JsonObject, content), "utf8");
  const signature = sign("sha256", data, key.privateKey).toString("hex");
  return {
    content,
    body: gzipSync(content),
    metadata: { signature, "signature-algorithm": "SHA256withRSA", ...extraMetadata },
    signature,
  };
}

function generateLog(random: SeededRandom, spec: TrailFilesSpec, deliveredAt: Date): GeneratedLog {
  const target = spec.logBytes ?? 8 * 1024;
  const records: CloudTrailRecord[] = [];
  let size = 14;
  do {
    const eventTime = new Date(deliveredAt.getTime() - random.int(60, 15 * 60) * 1000);
    const record = managementEvent(random, spec.accountId, spec.sourceRegion, eventTime);
    records.push(record);
    size += JSON.stringify(record).length + 1;
  } while (size < target);
  records.sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  const content = Buffer.from(JSON.stringify({ Records: records }));
  return {
    key: logFileKey(scopeOf(spec), deliveredAt, random.alnum(16)),
    content,
    body: gzipSync(content),
    hashValue: sha256Hex(content),
    records: records.length,
  };
}

function logEntry(bucket: string, log: GeneratedLog): DigestLogFile {
  const times = (JSON.parse(log.content.toString()) as { Records: CloudTrailRecord[] }).Records.map((r) => r.eventTime);
  return {
    s3Bucket: bucket,
    s3Object: log.key,
    hashValue: log.hashValue,
    hashAlgorithm: "SHA-256",
    newestEventTime: times.at(-1) ?? "",
    oldestEventTime: times[0] ?? "",
  };
}

function generateKeys(random: SeededRandom, spec: TrailFilesSpec): GeneratedKey[] {
  const starts = [0, ...(spec.keyRotations ?? [])].map((hour) => spec.start.getTime() + hour * HOUR);
  return starts.map((from, index) => {
    const next = starts[index + 1];
    return {
      ...seededRsaKeyPair(random.fork(`key-${index}`)),
      // Validity windows overlap by an hour, as rotated CloudTrail keys do.
      validFrom: new Date(index === 0 ? from - 30 * DAY : from - HOUR),
      validTo: new Date(next === undefined ? from + 3650 * DAY : next + HOUR),
    };
  });
}

function keyIndexAt(spec: TrailFilesSpec, hour: number): number {
  return (spec.keyRotations ?? []).filter((rotation) => rotation <= hour).length;
}

function isStopped(spec: TrailFilesSpec, hour: number): boolean {
  return (spec.stops ?? []).some((stop) => hour >= stop.from && hour < stop.to);
}

interface ChainLink {
  bucket: string;
  key: string;
  content: Buffer;
  signature: string;
}

function buildDigest(
  spec: TrailFilesSpec,
  keys: GeneratedKey[],
  hour: number,
  logs: GeneratedLog[],
  previous: ChainLink | null,
  backfill: { generatedAt: Date } | null,
): GeneratedDigest {
  const start = new Date(spec.start.getTime() + hour * HOUR);
  const end = new Date(start.getTime() + HOUR);
  const key = digestKey(scopeOf(spec), end, { backfill: backfill !== null });
  const keyIndex = backfill ? keys.length - 1 : keyIndexAt(spec, hour);
  const signer = keys[keyIndex]!;
  const entries = logs.map((log) => logEntry(spec.bucket, log));
  const eventTimes = entries.flatMap((entry) => [entry.oldestEventTime, entry.newestEventTime]).sort();
  const document: DigestDocument = {
    awsAccountId: spec.accountId,
    digestStartTime: isoSeconds(start),
    digestEndTime: isoSeconds(end),
    digestS3Bucket: spec.bucket,
    digestS3Object: key,
    digestPublicKeyFingerprint: signer.fingerprint,
    digestSignatureAlgorithm: "SHA256withRSA",
    newestEventTime: eventTimes.at(-1) ?? null,
    oldestEventTime: eventTimes[0] ?? null,
    previousDigestS3Bucket: previous?.bucket ?? null,
    previousDigestS3Object: previous?.key ?? null,
    previousDigestHashValue: previous ? sha256Hex(previous.content) : null,
    previousDigestHashAlgorithm: previous ? "SHA-256" : null,
    previousDigestSignature: previous?.signature ?? null,
    logFiles: entries,
  };
  const extra: Record<string, string> = backfill
    ? { "backfill-generation-timestamp": isoSeconds(backfill.generatedAt) }
    : {};
  const signed = signDigest(document, signer, extra);
  return { hour, key, backfill: backfill !== null, document, keyIndex, logs, ...signed };
}

function linkOf(digest: GeneratedDigest): ChainLink {
  return { bucket: digest.document.digestS3Bucket, key: digest.key, content: digest.content, signature: digest.metadata["signature"]! };
}

/**
 * One trail's chain in one region, hour after hour without end: each hour's digest (null for an hour logging was
 * stopped), linked to the one before. Its first `spec.hours` are generateTrailFiles' standard digests, byte for byte;
 * the demo's live delivery (live-delivery.ts) pulls the hours after them.
 */
export function trailHours(spec: TrailFilesSpec): { keys: GeneratedKey[]; hours: Generator<GeneratedDigest | null, never> } {
  const { keys, hours } = chainHours(spec);
  return { keys, hours };
}

/** trailHours, and the random source the backfill digests draw from after the standard hours. */
function chainHours(spec: TrailFilesSpec) {
  const random = new SeededRandom(spec.seed);
  const keys = generateKeys(random.fork("keys"), spec);
  const logRandom = random.fork("logs");
  return { keys, hours: hourlyDigests(spec, keys, logRandom), logRandom };
}

function* hourlyDigests(spec: TrailFilesSpec, keys: GeneratedKey[], logRandom: SeededRandom): Generator<GeneratedDigest | null, never> {
  const [minLogs, maxLogs] = spec.logsPerHour ?? [0, 3];
  let previous: ChainLink | null = null;
  for (let hour = 0; ; hour += 1) {
    if (isStopped(spec, hour)) {
      previous = null; // the first digest after StartLogging has null previous fields
      yield null;
      continue;
    }
    const hourStart = spec.start.getTime() + hour * HOUR;
    const logs = Array.from({ length: logRandom.int(minLogs, maxLogs) }, () =>
      generateLog(logRandom, spec, new Date(hourStart + logRandom.int(1, 59) * 60_000)),
    ).sort((a, b) => a.key.localeCompare(b.key));
    const digest = buildDigest(spec, keys, hour, logs, previous, null);
    previous = linkOf(digest);
    yield digest;
  }
}

/** Generates the files of one trail in one region. Same spec, same bytes. */
export function generateTrailFiles(spec: TrailFilesSpec): TrailFiles {
  const { keys, hours, logRandom } = chainHours(spec);
  const digests: GeneratedDigest[] = [];
  for (let hour = 0; hour < spec.hours; hour += 1) {
    const digest = hours.next().value;
    if (digest) digests.push(digest);
  }
  const backfillDigests: GeneratedDigest[] = [];
  const generatedAt = new Date(spec.start.getTime() + (spec.hours + 2) * HOUR);
  let previousBackfill: ChainLink | null = null;
  for (const hour of spec.backfillHours ?? []) {
    const log = generateLog(logRandom, spec, new Date(spec.start.getTime() + hour * HOUR + 30 * 60_000));
    const digest = buildDigest(spec, keys, hour, [log], previousBackfill, { generatedAt });
    backfillDigests.push(digest);
    previousBackfill = linkOf(digest);
  }
  const objects: SandboxBucket = new Map();
  for (const digest of [...digests, ...backfillDigests]) {
    for (const log of digest.logs) objects.set(log.key, { key: log.key, body: log.body, metadata: {} });
    objects.set(digest.key, { key: digest.key, body: digest.body, metadata: digest.metadata });
  }
  return { spec, trailArn: trailArnOf(spec), scope: scopeOf(spec), keys, digests, backfillDigests, objects };
}

/** What ListPublicKeys answers for [start, end]: keys whose validity overlaps it. */
export function publicKeysBetween(keys: readonly GeneratedKey[], start: Date, end: Date): PublicKeyEntry[] {
  return keys
    .filter((key) => key.validFrom.getTime() <= end.getTime() && key.validTo.getTime() >= start.getTime())
    .map((key) => ({ fingerprint: key.fingerprint, der: key.publicDer }));
}
