import { decodeDigestFile, type DigestFile } from "@/lib/core/integrity/digest-document";
import { isJsonObject, PyException, pyStr } from "@/lib/core/integrity/py-compat";
import {
  addMs,
  formatDisplayDate,
  HOUR_MS,
  normalizeDate,
  parsePyDate,
  type PyDateTime,
} from "@/lib/core/integrity/py-date";
import { verifyDigestSignature } from "@/lib/core/integrity/signature";

// One digest through awscli's _load_and_validate_digest, after GetObject returned it: format, signature metadata,
// required keys, location, public key, signature, end date. The failure reasons are ours (for storage and strict
// findings); the messages are awscli's, byte for byte.

export type DigestFailureReason =
  | "not-found"
  | "invalid-format"
  | "signature-failed"
  | "moved"
  | "unknown-fingerprint"
  | "key-load-failed"
  /** Any other exception awscli catches: the message is "INVALID: {str(e)}". */
  | "error";

export interface DigestRejection {
  ok: false;
  reason: DigestFailureReason;
  /** The whole report line, without the "(backfill) " prefix. */
  message: string;
  /** Present when the file got past the format checks (strict link checks still use its bytes). */
  file?: DigestFile;
}

export interface DigestAcceptance {
  ok: true;
  file: DigestFile;
  /** normalize_date(parse_date(digestEndTime)). */
  endDate: PyDateTime;
  /** The hash python-rsa found in the DigestInfo, and whether OpenSSL SHA-256 verification agrees. */
  signatureHash: string;
  strictSignatureOk: boolean;
}

export type DigestCheck = DigestAcceptance | DigestRejection;

export interface DigestObject {
  bytes: Uint8Array;
  /** S3 user metadata without the "x-amz-meta-" prefix, keys lowercase (as both SDKs return it). */
  metadata: Readonly<Record<string, string>>;
}

/** A public key listed by ListPublicKeys: Value is the DER PKCS#1 key (SDKs return bytes, not base64). */
export interface PublicKeyEntry {
  fingerprint: string;
  der: Uint8Array;
}

export interface PublicKeySource {
  /** cloudtrail:ListPublicKeys(StartTime, EndTime) in the source region. Failures abort the run. */
  listPublicKeys(start: Date, end: Date): Promise<readonly PublicKeyEntry[]>;
}

/** awscli's dict of keys by fingerprint (a later duplicate wins), with its "No public keys found" rule. */
export class PublicKeyRing {
  private readonly keys = new Map<string, Uint8Array>();

  constructor(private readonly source: PublicKeySource) {}

  has(fingerprint: string): boolean {
    return this.keys.has(fingerprint);
  }

  get(fingerprint: string): Uint8Array | undefined {
    return this.keys.get(fingerprint);
  }

  /** _load_public_keys: an empty answer raises RuntimeError (fatal before the standard walk). */
  async load(start: PyDateTime, end: PyDateTime): Promise<void> {
    const listed = await this.source.listPublicKeys(new Date(start.wallMs), new Date(end.wallMs));
    if (listed.length === 0) {
      throw new PyException(
        "RuntimeError",
        `No public keys found between ${formatDisplayDate(start)} and ${formatDisplayDate(end)}`,
      );
    }
    for (const entry of listed) this.keys.set(entry.fingerprint, entry.der);
  }
}

export interface DigestCheckContext {
  bucket: string;
  key: string;
  backfill: boolean;
  homeRegion: string;
  keys: PublicKeyRing;
}

export function digestLine(bucket: string, key: string, verdict: string): string {
  return `Digest file\ts3://${bucket}/${key}\t${verdict}`;
}

/**
 * Validates a fetched digest. Python exceptions awscli would catch become "error" rejections; anything else
 * (a ListPublicKeys failure while loading backfill keys) propagates and aborts the run, as in awscli.
 */
export async function checkDigest(context: DigestCheckContext, object: DigestObject): Promise<DigestCheck> {
  let decodedFile: DigestFile | undefined;
  const reject = (reason: DigestFailureReason, verdict: string): DigestRejection => ({
    ok: false,
    reason,
    message: digestLine(context.bucket, context.key, `INVALID: ${verdict}`),
    ...(decodedFile ? { file: decodedFile } : {}),
  });
  try {
    return await validate(context, object, reject, (file) => (decodedFile = file));
  } catch (error) {
    if (error instanceof PyException) return reject("error", error.message);
    throw error;
  }
}

async function validate(
  context: DigestCheckContext,
  object: DigestObject,
  reject: (reason: DigestFailureReason, verdict: string) => DigestRejection,
  onDecoded: (file: DigestFile) => void,
): Promise<DigestCheck> {
  const decoded = await decodeDigestFile(object.bytes, object.metadata, context.backfill);
  if (!decoded.ok) {
    const { failure } = decoded;
    if (failure.reason === "invalid-format") return reject("invalid-format", "invalid format");
    if (failure.reason === "signature-failed") return reject("signature-failed", "signature verification failed");
    return reject("error", failure.detail);
  }
  const { file } = decoded;
  onDecoded(file);
  const { document } = file;
  if (document["digestS3Bucket"] !== context.bucket || document["digestS3Object"] !== context.key) {
    return reject("moved", "has been moved from its original location");
  }
  const fingerprint = document["digestPublicKeyFingerprint"] ?? null;
  if (Array.isArray(fingerprint) || isJsonObject(fingerprint)) {
    throw new PyException("TypeError", `unhashable type: '${Array.isArray(fingerprint) ? "list" : "dict"}'`);
  }
  const known = typeof fingerprint === "string" && context.keys.has(fingerprint);
  if (!known && context.backfill) {
    // Backfill digests fetch their keys lazily around the backfill generation time.
    const generated = normalizeDate(parsePyDate(file.backfillGenerationTimestamp));
    await context.keys.load(addMs(generated, -HOUR_MS), addMs(generated, HOUR_MS));
  }
  const der = typeof fingerprint === "string" ? context.keys.get(fingerprint) : undefined;
  if (der === undefined) {
    return reject(
      "unknown-fingerprint",
      `public key not found in region ${context.homeRegion} for fingerprint ${pyStr(fingerprint)}`,
    );
  }
  const verdict = verifyDigestSignature({ publicKeyDer: der, document, content: file.content, signatureHex: file.signature });
  if (!verdict.parity.ok) {
    const { failure } = verdict.parity;
    if (failure.reason === "key-load-failed") {
      return reject("key-load-failed", `Unable to load PKCS #1 key with fingerprint ${pyStr(fingerprint)}`);
    }
    if (failure.reason === "signature-failed") return reject("signature-failed", "signature verification failed");
    return reject("error", failure.detail);
  }
  const endDate = normalizeDate(parsePyDate(document["digestEndTime"] ?? null));
  return { ok: true, file, endDate, signatureHash: verdict.parity.hash, strictSignatureOk: verdict.strictOk };
}
