import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import {
  checkDigest,
  type DigestCheckContext,
  type PublicKeyEntry,
  PublicKeyRing,
} from "@/lib/core/integrity/digest-check";
import type { JsonObject } from "@/lib/core/integrity/digest-document";
import { signDigest } from "@/lib/sandbox/cloudtrail-files";
import { SeededRandom } from "@/lib/sandbox/seeded-random";
import { seededRsaKeyPair } from "@/lib/sandbox/seeded-rsa";

const signer = seededRsaKeyPair(new SeededRandom("digest-check"));
const BUCKET = "bucket";
const KEY = "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/x_20150817T150131Z.json.gz";
const LINE = `Digest file\ts3://${BUCKET}/${KEY}\tINVALID: `;
const base: JsonObject = {
  digestStartTime: "2015-08-17T14:01:31Z",
  digestEndTime: "2015-08-17T15:01:31Z",
  digestS3Bucket: BUCKET,
  digestS3Object: KEY,
  digestPublicKeyFingerprint: signer.fingerprint,
  previousDigestSignature: null,
  logFiles: [],
};

function ring(entries: PublicKeyEntry[], calls: { start: Date; end: Date }[] = []): PublicKeyRing {
  return new PublicKeyRing({
    listPublicKeys: async (start, end) => {
      calls.push({ start, end });
      return entries;
    },
  });
}

async function loadedRing(entries: PublicKeyEntry[]): Promise<PublicKeyRing> {
  const keys = ring(entries);
  await keys.load({ wallMs: 0, offsetMs: 0 }, { wallMs: 1, offsetMs: 0 });
  return keys;
}

const published = [{ fingerprint: signer.fingerprint, der: signer.publicDer }];

function context(keys: PublicKeyRing, overrides: Partial<DigestCheckContext> = {}): DigestCheckContext {
  return { bucket: BUCKET, key: KEY, backfill: false, homeRegion: "us-east-1", keys, ...overrides };
}

function signed(document: JsonObject, metadata: Record<string, string> = {}) {
  const result = signDigest(document, signer);
  return { bytes: result.body, metadata: { ...result.metadata, ...metadata } };
}

describe("checkDigest", () => {
  test("accepts a correctly signed digest and normalizes its end date", async () => {
    const checked = await checkDigest(context(await loadedRing(published)), signed(base));
    expect(checked).toMatchObject({
      ok: true,
      endDate: { wallMs: Date.parse("2015-08-17T15:01:31Z"), offsetMs: 0 },
      signatureHash: "SHA-256",
      strictSignatureOk: true,
    });
  });

  test.each<{ label: string; object: () => { bytes: Buffer; metadata: Record<string, string> }; keys?: PublicKeyEntry[]; reason: string; verdict: string }>([
    { label: "another bucket in the JSON", object: () => signed({ ...base, digestS3Bucket: "other" }), reason: "moved", verdict: "has been moved from its original location" },
    { label: "another key in the JSON", object: () => signed({ ...base, digestS3Object: "elsewhere" }), reason: "moved", verdict: "has been moved from its original location" },
    {
      label: "an unpublished fingerprint (the message names the HOME region)",
      object: () => signed({ ...base, digestPublicKeyFingerprint: "ffff" }),
      reason: "unknown-fingerprint",
      verdict: "public key not found in region us-east-1 for fingerprint ffff",
    },
    {
      label: "a numeric fingerprint",
      object: () => signed({ ...base, digestPublicKeyFingerprint: 42 }),
      reason: "unknown-fingerprint",
      verdict: "public key not found in region us-east-1 for fingerprint 42",
    },
    { label: "a list fingerprint", object: () => signed({ ...base, digestPublicKeyFingerprint: ["a"] }), reason: "error", verdict: "unhashable type: 'list'" },
    {
      label: "a published key that is not PKCS#1 DER",
      object: () => signed(base),
      keys: [{ fingerprint: signer.fingerprint, der: Buffer.from("junk") }],
      reason: "key-load-failed",
      verdict: `Unable to load PKCS #1 key with fingerprint ${signer.fingerprint}`,
    },
    {
      label: "a body edited after signing",
      object: () => ({ ...signed(base), bytes: gzipSync(Buffer.from(JSON.stringify({ ...base, logFiles: [1] }))) }),
      reason: "signature-failed",
      verdict: "signature verification failed",
    },
    { label: "a non-hex signature", object: () => signed(base, { signature: "zz" }), reason: "error", verdict: "Non-hexadecimal digit found" },
    { label: "an unparsable end date", object: () => signed({ ...base, digestEndTime: "soon" }), reason: "error", verdict: "Unable to parse date value: soon" },
    { label: "no signature metadata", object: () => ({ bytes: gzipSync(JSON.stringify(base)), metadata: {} }), reason: "signature-failed", verdict: "signature verification failed" },
  ])("rejects $label", async ({ object, keys, reason, verdict }) => {
    const checked = await checkDigest(context(await loadedRing(keys ?? published)), object());
    expect(checked).toMatchObject({ ok: false, reason, message: `${LINE}${verdict}` });
  });

  test("a rejection after decoding keeps the decoded file for strict link checks", async () => {
    const checked = await checkDigest(context(await loadedRing(published)), signed(base, { signature: "00" }));
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.file?.document["digestS3Object"]).toBe(KEY);
  });
});

describe("backfill digests load their keys lazily around the generation time", () => {
  const backfillContext = (keys: PublicKeyRing) => context(keys, { backfill: true, key: KEY.replace(".json.gz", "_backfill.json.gz") });
  const document = { ...base, digestS3Object: KEY.replace(".json.gz", "_backfill.json.gz") };

  test("asks ListPublicKeys for [timestamp - 1h, timestamp + 1h]", async () => {
    const calls: { start: Date; end: Date }[] = [];
    const keys = ring(published, calls);
    const checked = await checkDigest(backfillContext(keys), signed(document, { "backfill-generation-timestamp": "2025-03-01T20:00:00Z" }));
    expect(checked.ok).toBe(true);
    expect(calls).toEqual([{ start: new Date("2025-03-01T19:00:00Z"), end: new Date("2025-03-01T21:00:00Z") }]);
  });

  test("an empty answer makes the digest INVALID instead of aborting", async () => {
    const checked = await checkDigest(
      backfillContext(ring([])),
      signed(document, { "backfill-generation-timestamp": "2025-03-01T20:00:00Z" }),
    );
    expect(checked).toMatchObject({
      ok: false,
      message: `Digest file\ts3://${BUCKET}/${document.digestS3Object}\tINVALID: No public keys found between 2025-03-01T19:00:00Z and 2025-03-01T21:00:00Z`,
    });
  });

  test("a ListPublicKeys failure propagates (awscli aborts)", async () => {
    const keys = new PublicKeyRing({ listPublicKeys: async () => Promise.reject(new Error("AccessDenied")) });
    await expect(
      checkDigest(backfillContext(keys), signed(document, { "backfill-generation-timestamp": "2025-03-01T20:00:00Z" })),
    ).rejects.toThrow("AccessDenied");
  });
});
