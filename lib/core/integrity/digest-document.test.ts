import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { decodeDigestFile, parseDigestJson, REQUIRED_DIGEST_KEYS } from "@/lib/core/integrity/digest-document";

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
  ])("$label", ({ bytes, meta, backfill, expected }) => {
    expect(decodeDigestFile(bytes, meta, backfill)).toEqual({ ok: false, failure: expected });
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
  ])("accepts $label", ({ bytes, meta, backfill, timestamp, trailing }) => {
    const decoded = decodeDigestFile(bytes, meta, backfill);
    if (!decoded.ok) throw new Error(`rejected: ${JSON.stringify(decoded.failure)}`);
    expect(decoded.file.signature).toBe("00");
    expect(decoded.file.backfillGenerationTimestamp).toBe(timestamp);
    expect(decoded.file.trailingBytes).toBe(trailing);
    expect(decoded.file.document["digestS3Bucket"]).toBe("bucket");
  });
});

test("parseDigestJson keeps a __proto__ key as data", () => {
  expect(Object.hasOwn(parseDigestJson(Buffer.from('{"__proto__": 1}')) as object, "__proto__")).toBe(true);
});
