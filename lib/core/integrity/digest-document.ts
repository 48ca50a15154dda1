import { gunzipFirstMember } from "@/lib/core/integrity/gzip-member";
import { hasKey, isJsonObject, type JsonValue, pyTypeName } from "@/lib/core/integrity/py-compat";

// What awscli does between GetObject and the signature check (fetch_digest, then the required-key check of
// _load_and_validate_digest), with its failure classification kept step for step: the order decides which
// message a digest that is wrong in several ways gets.

export type JsonObject = { [key: string]: JsonValue };

/** A digest that passed awscli's format checks; every field is still the raw JSON value awscli would see. */
export interface DigestFile {
  document: JsonObject;
  /** The uncompressed bytes exactly as stored: their SHA-256 is part of the string to sign. */
  content: Buffer;
  /** x-amz-meta-signature and x-amz-meta-signature-algorithm. */
  signature: string;
  signatureAlgorithm: string;
  /** x-amz-meta-backfill-generation-timestamp, read for backfill keys only. */
  backfillGenerationTimestamp: string | null;
  /** Bytes after the first gzip member, which awscli ignores (strict finding). */
  trailingBytes: number;
}

export type DigestFormatFailure =
  | { reason: "invalid-format" }
  | { reason: "signature-failed" }
  /** Any other Python exception: awscli prints "INVALID: {str(e)}". */
  | { reason: "error"; detail: string };

export type DecodedDigest = { ok: true; file: DigestFile } | { ok: false; failure: DigestFormatFailure };

/** awscli's required_digest_keys: they must be present (previousDigestSignature may be null). */
export const REQUIRED_DIGEST_KEYS = [
  "digestPublicKeyFingerprint",
  "digestS3Bucket",
  "digestS3Object",
  "previousDigestSignature",
  "digestEndTime",
  "digestStartTime",
] as const;

/** A generous cap: real digests are kilobytes; this only stops a gzip bomb from exhausting memory. */
export const MAX_DIGEST_BYTES = 256 * 1024 * 1024;

// Python's bytes.decode() is strict UTF-8 and keeps a BOM (json.loads then rejects it); TextDecoder must be told both.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Python's json.loads(bytes.decode()) for a digest's uncompressed bytes. Throws on anything json.loads rejects.
 * Known divergence: Python also accepts the non-standard literals NaN, Infinity and -Infinity.
 */
export function parseDigestJson(content: Uint8Array): JsonValue {
  return JSON.parse(utf8.decode(content)) as JsonValue;
}

/**
 * fetch_digest + the required-key check, for an object that GetObject returned.
 * `metadata` is the S3 user metadata with the "x-amz-meta-" prefix removed, keys lowercase (as the SDKs give it).
 */
export function decodeDigestFile(
  compressed: Uint8Array,
  metadata: Readonly<Record<string, string>>,
  isBackfill: boolean,
): DecodedDigest {
  let content: Buffer;
  let trailingBytes: number;
  let parsed: JsonValue;
  try {
    ({ content, trailingBytes } = gunzipFirstMember(compressed, MAX_DIGEST_BYTES));
    parsed = parseDigestJson(content);
  } catch {
    return { ok: false, failure: { reason: "invalid-format" } };
  }
  const signature = metadata["signature"];
  const signatureAlgorithm = metadata["signature-algorithm"];
  if (signature === undefined || signatureAlgorithm === undefined) {
    return { ok: false, failure: { reason: "signature-failed" } };
  }
  // awscli stores the signature into the parsed value: a JSON array, string or number raises TypeError.
  if (!isJsonObject(parsed)) return { ok: false, failure: { reason: "error", detail: itemAssignmentError(parsed) } };
  let backfillGenerationTimestamp: string | null = null;
  if (isBackfill) {
    const timestamp = metadata["backfill-generation-timestamp"];
    if (timestamp === undefined) return { ok: false, failure: { reason: "invalid-format" } };
    backfillGenerationTimestamp = timestamp;
  }
  if (!REQUIRED_DIGEST_KEYS.every((key) => hasKey(parsed, key))) {
    return { ok: false, failure: { reason: "invalid-format" } };
  }
  return {
    ok: true,
    file: { document: parsed, content, signature, signatureAlgorithm, backfillGenerationTimestamp, trailingBytes },
  };
}

function itemAssignmentError(value: JsonValue): string {
  return Array.isArray(value)
    ? "list indices must be integers or slices, not str"
    : `'${pyTypeName(value)}' object does not support item assignment`;
}

/** A well-formed CloudTrail digest (section 3), as the generator writes it and strict checks expect it. */
export interface DigestDocument {
  awsAccountId: string;
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm: string;
  newestEventTime: string | null;
  oldestEventTime: string | null;
  previousDigestS3Bucket: string | null;
  previousDigestS3Object: string | null;
  previousDigestHashValue: string | null;
  previousDigestHashAlgorithm: string | null;
  previousDigestSignature: string | null;
  logFiles: DigestLogFile[];
}

export interface DigestLogFile {
  s3Bucket: string;
  s3Object: string;
  hashValue: string;
  hashAlgorithm: string;
  newestEventTime: string;
  oldestEventTime: string;
}
