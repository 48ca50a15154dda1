import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { INFLATE_INPUT_STEP } from "@/lib/core/integrity/capped-gunzip";
import { decodeDigestFile, DigestTooLargeError, MAX_DIGEST_BYTES, MAX_DIGEST_COMPRESSED_BYTES, parseDigestJson, REQUIRED_DIGEST_KEYS } from "@/lib/core/integrity/digest-document";
import { gzipBomb } from "@/lib/core/integrity/gzip-bomb";

const document = {
  awsAccountId: "111122223333",
  digestStartTime: "2015-08-17T14:01:31Z",
  digestEndTime: "2015-08-17T15:01:31Z",
  digestS3Bucket: "bucket",
  digestS3Object: "key",
  digestPublicKeyFingerprint: "31e8b5433410dfb61a9dc45cc65b22ff",
  previousDigestSignature: null,
  logFiles: [],
};
const metadata = { signature: "00", "signature-algorithm": "SHA256withRSA" };
const gz = (value: unknown) => gzipSync(Buffer.from(typeof value === "string" ? value : JSON.stringify(value)));
const without = (key: string) => Object.fromEntries(Object.entries(document).filter(([name]) => name !== key));

describe("decodeDigestFile: awscli's classification, in awscli's order", () => {
  test.each<{ label: string; bytes: Buffer; meta: Record<string, string>; backfill: boolean; expected: object }>([
    { label: "not gzip", bytes: Buffer.from(JSON.stringify(document)), meta: metadata, backfill: false, expected: { reason: "invalid-format" } },
    { label: "gzip of broken JSON", bytes: gz("{"), meta: metadata, backfill: false, expected: { reason: "invalid-format" } },
    { label: "NaN outside JSON proper (known divergence: Python accepts it)", bytes: gz("{\"a\": NaN}"), meta: metadata, backfill: false, expected: { reason: "invalid-format" } },
    { label: "a UTF-8 BOM (json.loads rejects it)", bytes: gzipSync(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(document))])), meta: metadata, backfill: false, expected: { reason: "invalid-format" } },
    { label: "invalid UTF-8", bytes: gzipSync(Buffer.from([0x7b, 0xff, 0x7d])), meta: metadata, backfill: false, expected: { reason: "invalid-format" } },
    { label: "a bad body before missing metadata", bytes: gz("{"), meta: {}, backfill: false, expected: { reason: "invalid-format" } },
    { label: "no signature metadata", bytes: gz(document), meta: { "signature-algorithm": "SHA256withRSA" }, backfill: false, expected: { reason: "signature-failed" } },
    { label: "no signature-algorithm metadata", bytes: gz(document), meta: { signature: "00" }, backfill: false, expected: { reason: "signature-failed" } },
    { label: "a JSON list", bytes: gz([1, 2]), meta: metadata, backfill: false, expected: { reason: "error", detail: "list indices must be integers or slices, not str" } },
    { label: "a JSON string", bytes: gz('"abc"'), meta: metadata, backfill: false, expected: { reason: "error", detail: "'str' object does not support item assignment" } },
    { label: "JSON null", bytes: gz("null"), meta: metadata, backfill: false, expected: { reason: "error", detail: "'NoneType' object does not support item assignment" } },
    { label: "a backfill digest without its timestamp", bytes: gz(document), meta: metadata, backfill: true, expected: { reason: "invalid-format" } },
    ...REQUIRED_DIGEST_KEYS.map((key) => ({
      label: `no ${key}`,
      bytes: gz(without(key)),
      meta: metadata,
      backfill: false,
      expected: { reason: "invalid-format" },
    })),
  ])("$label", async ({ bytes, meta, backfill, expected }) => {
    expect(await decodeDigestFile(bytes, meta, backfill)).toEqual({ ok: false, failure: expected });
  });

  test.each<{ label: string; bytes: Buffer; meta: Record<string, string>; backfill: boolean; timestamp: string | null; trailing: number }>([
    { label: "a digest", bytes: gz(document), meta: metadata, backfill: false, timestamp: null, trailing: 0 },
    { label: "a digest with bytes after its gzip member", bytes: Buffer.concat([gz(document), Buffer.from("xx")]), meta: metadata, backfill: false, timestamp: null, trailing: 2 },
    { label: "a digest without logFiles (rejected only later, by the CLI)", bytes: gz(without("logFiles")), meta: metadata, backfill: false, timestamp: null, trailing: 0 },
    {
      label: "a backfill digest",
      bytes: gz(document),
      meta: { ...metadata, "backfill-generation-timestamp": "2025-03-01T20:00:00Z" },
      backfill: true,
      timestamp: "2025-03-01T20:00:00Z",
      trailing: 0,
    },
  ])("accepts $label", async ({ bytes, meta, backfill, timestamp, trailing }) => {
    const decoded = await decodeDigestFile(bytes, meta, backfill);
    if (!decoded.ok) throw new Error(`rejected: ${JSON.stringify(decoded.failure)}`);
    expect(decoded.file.signature).toBe("00");
    expect(decoded.file.backfillGenerationTimestamp).toBe(timestamp);
    expect(decoded.file.trailingBytes).toBe(trailing);
    expect(decoded.file.document["digestS3Bucket"]).toBe("bucket");
  });
});

describe("decodeDigestFile: size caps against a writer's gzip bomb", () => {
  test("a 200 KB gzip inflating to ~200 MiB is refused, and inflating stopped at the cap", async () => {
    const bomb = gzipBomb(200 * 1024);
    expect(bomb.bytes.length).toBeLessThan(210 * 1024);
    expect(bomb.inflatedBytes).toBeGreaterThan(3 * MAX_DIGEST_BYTES); // a real bomb for this cap
    const refused = await decodeDigestFile(bomb.bytes, metadata, false).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(DigestTooLargeError);
    const error = refused as DigestTooLargeError;
    expect(error.message).toBe(
      "digest too large (over 67108864 bytes when decompressed); TrailProof does not read digests this size, awscli would try",
    );
    // Stopped within one input step past the cap (deflate expands at most 1032:1), long before the bomb's end.
    expect(error.inflatedBytes).toBeGreaterThan(MAX_DIGEST_BYTES);
    expect(error.inflatedBytes).toBeLessThanOrEqual(MAX_DIGEST_BYTES + INFLATE_INPUT_STEP * 1032);
    expect(error.compressedBytesRead).toBeLessThan(bomb.bytes.length / 2);
  });

  test("a digest over the compressed cap is refused before inflating anything", async () => {
    const big = Buffer.alloc(MAX_DIGEST_COMPRESSED_BYTES + 1);
    await expect(decodeDigestFile(big, metadata, false)).rejects.toThrow(
      "digest too large (16777217 bytes, over the 16777216-byte limit); TrailProof does not read digests this size, awscli would try",
    );
  });

  test("a document just under the decompressed cap still decodes to awscli's verdict", async () => {
    // 64 MiB minus a little of JSON whitespace around a valid digest: not refused, judged like any digest.
    const padded = JSON.stringify(document) + " ".repeat(MAX_DIGEST_BYTES - JSON.stringify(document).length);
    const decoded = await decodeDigestFile(gzipSync(Buffer.from(padded)), metadata, false);
    expect(decoded.ok).toBe(true);
  });
});

test("parseDigestJson keeps a __proto__ key as data", () => {
  expect(Object.hasOwn(parseDigestJson(Buffer.from('{"__proto__": 1}')) as object, "__proto__")).toBe(true);
});
