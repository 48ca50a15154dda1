import { gunzipSync, gzipSync } from "node:zlib";
import type { JsonObject } from "@/lib/core/integrity/digest-document";
import { digestKey } from "@/lib/core/integrity/keys";
import {
  type GeneratedDigest,
  type GeneratedLog,
  type SandboxBucket,
  type SandboxObject,
  sha256Hex,
  signDigest,
  type TrailFiles,
} from "@/lib/sandbox/cloudtrail-files";
import { SeededRandom } from "@/lib/sandbox/seeded-random";
import { type SandboxKeyPair, seededRsaKeyPair } from "@/lib/sandbox/seeded-rsa";

// Every tampering DIGESTS.md describes, applied to a copy of a generated bucket. Each helper edits `bucket` in place
// and says what it changed. Helpers that "re-sign" play an attacker who holds a signing key (the verification
// behind DIGESTS.md did exactly that): they show what awscli accepts once a signature verifies.

/** Every kind of tampering the helpers below can plant. */
export const TAMPER_KINDS = [
  "modify-log",
  "delete-log",
  "truncate-log",
  "cut-log-trailer",
  "append-log-member",
  "append-log-garbage",
  "log-not-gzip",
  "modify-digest",
  "delete-digest",
  "delete-newest-digest",
  "move-digest",
  "resign-digest",
  "unknown-fingerprint",
  "break-chain-signature",
  "break-chain-hash",
  "skip-chain-link",
  "forge-chain-start",
  "drop-signature-metadata",
  "non-hex-signature",
  "drop-log-files-field",
] as const;

export type TamperKind = (typeof TAMPER_KINDS)[number];

export interface TamperChange {
  kind: TamperKind;
  description: string;
  changed: { key: string; action: "modified" | "deleted" | "created" }[];
  /** Log files a re-signed digest no longer lists (resign-digest): nothing vouches for them any more. */
  unlisted?: string[];
  /** The digest a created key copies (move-digest). */
  copiedFrom?: string;
  /** The unpublished key a re-signed digest now names (unknown-fingerprint): the AWS CLI's message quotes it. */
  fingerprint?: string;
}

export interface DigestRef {
  /** Index into files.digests (negative counts from the newest); `backfill` selects files.backfillDigests. */
  digest: number;
  backfill?: boolean;
}

export interface LogRef extends DigestRef {
  log: number;
}

function pickDigest(files: TrailFiles, ref: DigestRef): GeneratedDigest {
  const list = ref.backfill ? files.backfillDigests : files.digests;
  const digest = list.at(ref.digest);
  if (!digest) throw new Error(`no digest at index ${ref.digest}`);
  return digest;
}

function pickLog(files: TrailFiles, ref: LogRef): GeneratedLog {
  const log = pickDigest(files, ref).logs.at(ref.log);
  if (!log) throw new Error(`digest ${ref.digest} has no log at index ${ref.log}`);
  return log;
}

function current(bucket: SandboxBucket, key: string): SandboxObject {
  const object = bucket.get(key);
  if (!object) throw new Error(`${key} is not in the bucket`);
  return object;
}

function replaceBody(bucket: SandboxBucket, key: string, body: Buffer): void {
  bucket.set(key, { ...current(bucket, key), body });
}

function change(kind: TamperKind, description: string, ...changed: TamperChange["changed"]): TamperChange {
  return { kind, description, changed };
}

/** The digest document as it now is in the bucket (it may already have been tampered with). */
function currentDocument(bucket: SandboxBucket, key: string): JsonObject {
  return JSON.parse(gunzipSync(current(bucket, key).body).toString("utf8")) as JsonObject;
}

function signerOf(files: TrailFiles, digest: GeneratedDigest): SandboxKeyPair {
  return files.keys[digest.keyIndex]!;
}

/** Re-signs an edited document in place (same key unless one is given); the metadata is rebuilt. */
function resign(
  files: TrailFiles,
  bucket: SandboxBucket,
  digest: GeneratedDigest,
  edit: (document: JsonObject) => void,
  key: SandboxKeyPair = signerOf(files, digest),
): void {
  const document = currentDocument(bucket, digest.key);
  edit(document);
  const backfillTimestamp = current(bucket, digest.key).metadata["backfill-generation-timestamp"];
  const extra: Record<string, string> =
    backfillTimestamp === undefined ? {} : { "backfill-generation-timestamp": backfillTimestamp };
  const signed = signDigest(document, key, extra);
  bucket.set(digest.key, { key: digest.key, body: signed.body, metadata: signed.metadata });
}

/** A forged record inside the log: valid gzip, different content (awscli: hash value doesn't match). */
export function modifyLog(files: TrailFiles, bucket: SandboxBucket, ref: LogRef): TamperChange {
  const log = pickLog(files, ref);
  const text = gunzipSync(current(bucket, log.key).body).toString("utf8").replace('"eventName":"', '"eventName":"X');
  replaceBody(bucket, log.key, gzipSync(Buffer.from(text)));
  return change("modify-log", "renamed an event inside the log file", { key: log.key, action: "modified" });
}

export function deleteLog(files: TrailFiles, bucket: SandboxBucket, ref: LogRef): TamperChange {
  const log = pickLog(files, ref);
  bucket.delete(log.key);
  return change("delete-log", "deleted the log file", { key: log.key, action: "deleted" });
}

/** Cut in the middle of the deflate data (awscli: hash value doesn't match, no format error). */
export function truncateLog(files: TrailFiles, bucket: SandboxBucket, ref: LogRef): TamperChange {
  const log = pickLog(files, ref);
  const body = current(bucket, log.key).body;
  replaceBody(bucket, log.key, body.subarray(0, Math.floor(body.length / 2)));
  return change("truncate-log", "cut the gzip file in half", { key: log.key, action: "modified" });
}

/** Drop only the 8-byte CRC/ISIZE trailer (awscli: valid, the content is complete). */
export function cutLogTrailer(files: TrailFiles, bucket: SandboxBucket, ref: LogRef): TamperChange {
  const log = pickLog(files, ref);
  const body = current(bucket, log.key).body;
  replaceBody(bucket, log.key, body.subarray(0, body.length - 8));
  return change("cut-log-trailer", "removed the gzip CRC/ISIZE trailer", { key: log.key, action: "modified" });
}

/** Append a second gzip member holding a forged DeleteTrail record (awscli: valid; it never inflates it). */
export function appendLogMember(files: TrailFiles, bucket: SandboxBucket, ref: LogRef): TamperChange {
  const log = pickLog(files, ref);
  const forged = gzipSync(Buffer.from('{"Records":[{"eventSource":"cloudtrail.amazonaws.com","eventName":"DeleteTrail"}]}'));
  replaceBody(bucket, log.key, Buffer.concat([current(bucket, log.key).body, forged]));
  return change("append-log-member", "appended a gzip member with a forged record", { key: log.key, action: "modified" });
}

export function appendLogGarbage(files: TrailFiles, bucket: SandboxBucket, ref: LogRef): TamperChange {
  const log = pickLog(files, ref);
  replaceBody(bucket, log.key, Buffer.concat([current(bucket, log.key).body, Buffer.from("not gzip at all\n")]));
  return change("append-log-garbage", "appended bytes after the gzip member", { key: log.key, action: "modified" });
}

/** The log's JSON stored as is, not compressed (awscli: invalid format; zlib: "incorrect header check"). */
export function uncompressLog(files: TrailFiles, bucket: SandboxBucket, ref: LogRef): TamperChange {
  const log = pickLog(files, ref);
  replaceBody(bucket, log.key, gunzipSync(current(bucket, log.key).body));
  return change("log-not-gzip", "replaced the log file with its uncompressed JSON (not gzip at all)", { key: log.key, action: "modified" });
}

/** Edit a digest without re-signing (awscli: signature verification failed). */
export function modifyDigest(files: TrailFiles, bucket: SandboxBucket, ref: DigestRef): TamperChange {
  const digest = pickDigest(files, ref);
  const document = currentDocument(bucket, digest.key);
  document["newestEventTime"] = "1999-01-01T00:00:00Z";
  replaceBody(bucket, digest.key, gzipSync(Buffer.from(JSON.stringify(document))));
  return change("modify-digest", "edited the digest, kept the old signature", { key: digest.key, action: "modified" });
}

export function deleteDigest(files: TrailFiles, bucket: SandboxBucket, ref: DigestRef): TamperChange {
  const digest = pickDigest(files, ref);
  bucket.delete(digest.key);
  return change("delete-digest", "deleted the digest", { key: digest.key, action: "deleted" });
}

/** awscli cannot tell: its walk simply starts at the newest digest that is left. */
export function deleteNewestDigest(files: TrailFiles, bucket: SandboxBucket): TamperChange {
  return { ...deleteDigest(files, bucket, { digest: -1 }), kind: "delete-newest-digest" };
}

/** Copy (or move) a digest to a newer key name (awscli: has been moved from its original location). */
export function moveDigest(
  files: TrailFiles,
  bucket: SandboxBucket,
  ref: DigestRef & { hoursLater: number; keepOriginal?: boolean },
): TamperChange {
  const digest = pickDigest(files, ref);
  const newEnd = new Date(Date.parse(digest.document.digestEndTime) + ref.hoursLater * 3_600_000);
  const newKey = digestKey(files.scope, newEnd, { backfill: digest.backfill });
  bucket.set(newKey, { ...current(bucket, digest.key), key: newKey });
  const changed: TamperChange["changed"] = [{ key: newKey, action: "created" }];
  if (!ref.keepOriginal) {
    bucket.delete(digest.key);
    changed.push({ key: digest.key, action: "deleted" });
  }
  return { ...change("move-digest", `${ref.keepOriginal ? "copied" : "moved"} the digest to ${newKey}`, ...changed), copiedFrom: digest.key };
}

/** Edit and re-sign with the trail's own key: what an attacker with the key could do (awscli: valid). */
export function resignDigest(
  files: TrailFiles,
  bucket: SandboxBucket,
  ref: DigestRef & { edit: (document: JsonObject) => void; description?: string },
): TamperChange {
  const digest = pickDigest(files, ref);
  const listed = (document: JsonObject) => (Array.isArray(document["logFiles"]) ? document["logFiles"] : []).map((entry) => String((entry as JsonObject)["s3Object"]));
  const before = listed(currentDocument(bucket, digest.key));
  resign(files, bucket, digest, ref.edit);
  const after = new Set(listed(currentDocument(bucket, digest.key)));
  const unlisted = before.filter((key) => !after.has(key));
  return { ...change("resign-digest", ref.description ?? "edited and re-signed the digest", { key: digest.key, action: "modified" }), unlisted };
}

/** Re-sign with a key CloudTrail never published (awscli: public key not found ... for fingerprint). */
export function unknownFingerprint(files: TrailFiles, bucket: SandboxBucket, ref: DigestRef): TamperChange {
  const digest = pickDigest(files, ref);
  const attacker = seededRsaKeyPair(new SeededRandom(`attacker:${digest.key}`));
  resign(files, bucket, digest, (document) => (document["digestPublicKeyFingerprint"] = attacker.fingerprint), attacker);
  const changed = { key: digest.key, action: "modified" } as const;
  return { ...change("unknown-fingerprint", `re-signed with unpublished key ${attacker.fingerprint}`, changed), fingerprint: attacker.fingerprint };
}

/** A wrong previousDigestSignature, re-signed (awscli: valid; strict: chain-broken). */
export function breakChainSignature(files: TrailFiles, bucket: SandboxBucket, ref: DigestRef): TamperChange {
  const digest = pickDigest(files, ref);
  resign(files, bucket, digest, (document) => (document["previousDigestSignature"] = "ab".repeat(256)));
  return change("break-chain-signature", "replaced previousDigestSignature and re-signed", { key: digest.key, action: "modified" });
}

/** A wrong previousDigestHashValue, re-signed (awscli: valid; strict: chain-broken). */
export function breakChainHash(files: TrailFiles, bucket: SandboxBucket, ref: DigestRef): TamperChange {
  const digest = pickDigest(files, ref);
  resign(files, bucket, digest, (document) => (document["previousDigestHashValue"] = "0".repeat(64)));
  return change("break-chain-hash", "replaced previousDigestHashValue and re-signed", { key: digest.key, action: "modified" });
}

/**
 * Point previousDigestS3Object two digests back, re-signed: the skipped digest and its logs vanish from awscli's
 * report (strict: digest-skipped).
 */
export function skipChainLink(files: TrailFiles, bucket: SandboxBucket, ref: DigestRef): TamperChange {
  const list = ref.backfill ? files.backfillDigests : files.digests;
  const index = ref.digest < 0 ? list.length + ref.digest : ref.digest;
  const digest = pickDigest(files, ref);
  const skipped = list[index - 1];
  const target = list[index - 2];
  if (!skipped || !target) throw new Error("skipping a link needs two older digests");
  resign(files, bucket, digest, (document) => {
    document["previousDigestS3Object"] = target.key;
    document["previousDigestSignature"] = target.metadata["signature"]!;
    document["previousDigestHashValue"] = sha256Hex(gunzipSync(current(bucket, target.key).body));
  });
  return change("skip-chain-link", `re-pointed the chain past ${skipped.key}`, { key: digest.key, action: "modified" });
}

const PREVIOUS_DIGEST_FIELDS = [
  "previousDigestS3Bucket",
  "previousDigestS3Object",
  "previousDigestHashValue",
  "previousDigestHashAlgorithm",
  "previousDigestSignature",
] as const;

/** Null the previous-digest fields and re-sign: a forged chain start (awscli: a gap line "between T and T"). */
export function forgeChainStart(files: TrailFiles, bucket: SandboxBucket, ref: DigestRef): TamperChange {
  const digest = pickDigest(files, ref);
  resign(files, bucket, digest, (document) => {
    for (const field of PREVIOUS_DIGEST_FIELDS) document[field] = null;
  });
  return change("forge-chain-start", "made the digest a chain start and re-signed", { key: digest.key, action: "modified" });
}

/** Remove x-amz-meta-signature (awscli: signature verification failed). */
export function dropSignatureMetadata(files: TrailFiles, bucket: SandboxBucket, ref: DigestRef): TamperChange {
  const digest = pickDigest(files, ref);
  const object = current(bucket, digest.key);
  const metadata = { ...object.metadata };
  delete metadata["signature"];
  bucket.set(digest.key, { ...object, metadata });
  return change("drop-signature-metadata", "removed the signature metadata", { key: digest.key, action: "modified" });
}

/** A signature that is not hex (awscli: "INVALID: Non-hexadecimal digit found"). */
export function nonHexSignature(files: TrailFiles, bucket: SandboxBucket, ref: DigestRef): TamperChange {
  const digest = pickDigest(files, ref);
  const object = current(bucket, digest.key);
  bucket.set(digest.key, { ...object, metadata: { ...object.metadata, signature: "zz".repeat(256) } });
  return change("non-hex-signature", "replaced the signature with non-hex text", { key: digest.key, action: "modified" });
}

/** Remove logFiles and re-sign: awscli accepts the digest, then crashes on KeyError (exit 255). */
export function dropLogFilesField(files: TrailFiles, bucket: SandboxBucket, ref: DigestRef): TamperChange {
  const digest = pickDigest(files, ref);
  resign(files, bucket, digest, (document) => delete document["logFiles"]);
  return change("drop-log-files-field", "removed logFiles and re-signed", { key: digest.key, action: "modified" });
}
