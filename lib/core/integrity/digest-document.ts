import { gunzipFirstMemberCapped, SizeLimitError } from "@/lib/core/integrity/capped-gunzip";
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

// Caps on what the bucket's writer can make us read. A real digest lists one hour's log files of one account and
// region, ~350 bytes of JSON each: a few KB, a few hundred KB for a very busy region; 64 MiB would be ~190,000 log
// files in an hour. Hex hashes and keys compress about 3:1, so 16 MiB compressed is as far beyond any real digest.
// awscli has no cap: it would download and inflate whatever is there (a 200 KB gzip bomb costs it gigabytes).

/** Largest digest object TrailProof downloads, from the listed size, Content-Length, or the bytes as they come. */
export const MAX_DIGEST_COMPRESSED_BYTES = 16 * 1024 * 1024;
/** Largest digest document TrailProof inflates and parses. */
export const MAX_DIGEST_BYTES = 64 * 1024 * 1024;

/** A digest refused for its size, before any of it is parsed: "digest too large (…)". */
export class DigestTooLargeError extends SizeLimitError {
  constructor(detail: string, inflatedBytes = 0, compressedBytesRead = 0) {
    super(`digest too large (${detail}); TrailProof does not read digests this size, awscli would try`, inflatedBytes, compressedBytesRead);
    this.name = "DigestTooLargeError";
  }
}

export function compressedTooLarge(bytes: number): DigestTooLargeError {
  return new DigestTooLargeError(`${bytes} bytes, over the ${MAX_DIGEST_COMPRESSED_BYTES}-byte limit`);
}

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
 * Throws DigestTooLargeError (not a verdict of awscli's: it has no cap) for a digest over either size cap.
 */
export async function decodeDigestFile(
  compressed: Uint8Array,
  metadata: Readonly<Record<string, string>>,
  isBackfill: boolean,
): Promise<DecodedDigest> {
  if (compressed.length > MAX_DIGEST_COMPRESSED_BYTES) throw compressedTooLarge(compressed.length);
  let content: Buffer;
  let trailingBytes: number;
  let parsed: JsonValue;
  try {
    // Inflated in full (within the cap) before anything is parsed, as awscli does.
    ({ content, trailingBytes } = await gunzipFirstMemberCapped(compressed, MAX_DIGEST_BYTES));
    parsed = parseDigestJson(content);
  } catch (error) {
    if (error instanceof SizeLimitError) {
      throw new DigestTooLargeError(`over ${MAX_DIGEST_BYTES} bytes when decompressed`, error.inflatedBytes, error.compressedBytesRead);
    }
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
