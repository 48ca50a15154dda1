import { createHash, type KeyObject, verify as opensslVerify } from "node:crypto";
import type { JsonObject } from "@/lib/core/integrity/digest-document";
import { type JsonValue, PyException, pyStr } from "@/lib/core/integrity/py-compat";
import {
  loadPkcs1PublicKey,
  PublicKeyLoadError,
  pythonRsaVerify,
  RsaVerificationError,
} from "@/lib/core/integrity/python-rsa";

// The digest signature (DIGESTS.md section 4). Two verdicts from one call:
// - parity: exactly awscli's Sha256RSADigestValidator on python-rsa, including its acceptance of MD5, SHA-1,
//   SHA-224, SHA-384 and SHA-512 DigestInfos and its exception messages;
// - strict: OpenSSL RSASSA-PKCS1-v1_5 with SHA-256 only, as the algorithm name SHA256withRSA promises.
// Both agree on every signature CloudTrail produces; they part only on forged or malformed ones.

/**
 * The data to sign: digestEndTime, bucket/object, SHA-256 of the uncompressed digest, previous signature (or the
 * literal "null"), "\n"-separated, no trailing newline. Values print as Python's str() would.
 */
export function stringToSign(document: JsonObject, content: Uint8Array): string {
  const previous: JsonValue = document["previousDigestSignature"] ?? null;
  const field = (name: string) => pyStr(document[name] ?? null);
  const contentHash = createHash("sha256").update(content).digest("hex");
  return [
    field("digestEndTime"),
    `${field("digestS3Bucket")}/${field("digestS3Object")}`,
    contentHash,
    previous === null ? "null" : pyStr(previous),
  ].join("\n");
}

/** Python's str.encode(): UTF-8 that refuses lone surrogates, with the UnicodeEncodeError message. */
export function encodeUtf8Strict(text: string): Buffer {
  const points = Array.from(text);
  const isLone = (point: string) => /^[\ud800-\udfff]$/.test(point);
  const first = points.findIndex(isLone);
  if (first >= 0) {
    let last = first;
    while (last + 1 < points.length && isLone(points[last + 1]!)) last += 1;
    const escaped = `\\u${points[first]!.charCodeAt(0).toString(16)}`;
    throw new PyException(
      "ValueError",
      last === first
        ? `'utf-8' codec can't encode character '${escaped}' in position ${first}: surrogates not allowed`
        : `'utf-8' codec can't encode characters in position ${first}-${last}: surrogates not allowed`,
    );
  }
  return Buffer.from(text, "utf8");
}

/** binascii.unhexlify(text), with its exception messages. */
export function decodeHexSignature(text: string): Buffer {
  if (/[^\x00-\x7f]/.test(text)) {
    throw new PyException("ValueError", "string argument should contain only ASCII characters");
  }
  if (text.length % 2 === 1) throw new PyException("binascii.Error", "Odd-length string");
  if (!/^[0-9a-fA-F]*$/.test(text)) throw new PyException("binascii.Error", "Non-hexadecimal digit found");
  return Buffer.from(text, "hex");
}

export type SignatureFailure =
  | { reason: "key-load-failed" }
  | { reason: "signature-failed" }
  /** A Python exception awscli prints as "INVALID: {str(e)}". */
  | { reason: "error"; detail: string };

export interface SignatureVerdict {
  /** awscli's verdict. */
  parity: { ok: true; hash: string } | { ok: false; failure: SignatureFailure };
  /** OpenSSL, SHA-256 only. */
  strictOk: boolean;
}

export interface SignatureInput {
  publicKeyDer: Uint8Array;
  document: JsonObject;
  content: Uint8Array;
  signatureHex: string;
}

/** Sha256RSADigestValidator.validate, in its order: load key, build data, unhexlify, verify. */
export function verifyDigestSignature(input: SignatureInput): SignatureVerdict {
  try {
    const key = loadPkcs1PublicKey(input.publicKeyDer);
    const data = encodeUtf8Strict(stringToSign(input.document, input.content));
    const signature = decodeHexSignature(input.signatureHex);
    const hash = pythonRsaVerify(data, signature, key);
    return { parity: { ok: true, hash }, strictOk: opensslSha256Verify(data, key.keyObject, signature) };
  } catch (error) {
    return { parity: { ok: false, failure: signatureFailure(error) }, strictOk: false };
  }
}

function opensslSha256Verify(data: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return opensslVerify("sha256", data, key, signature);
  } catch {
    return false;
  }
}

function signatureFailure(error: unknown): SignatureFailure {
  if (error instanceof PublicKeyLoadError) return { reason: "key-load-failed" };
  if (error instanceof RsaVerificationError) return { reason: "signature-failed" };
  if (error instanceof PyException) return { reason: "error", detail: error.message };
  throw error;
}
