import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { expect, test } from "vitest";
import { generateTrailFiles, type SandboxBucket } from "@/lib/sandbox/cloudtrail-files";
import { referenceTrailSpec } from "@/lib/sandbox/cloudtrail-scenarios";
import * as tamper from "@/lib/sandbox/cloudtrail-tamper";

const files = generateTrailFiles(referenceTrailSpec());
const documentAt = (bucket: SandboxBucket, key: string) => JSON.parse(gunzipSync(bucket.get(key)!.body).toString()) as Record<string, unknown>;
const d3 = files.digests[3]!;
const log = files.digests[2]!.logs[0]!;

test.each([
  { kind: "modify-log", apply: (b: SandboxBucket) => tamper.modifyLog(files, b, { digest: 2, log: 0 }), check: (b: SandboxBucket) => gunzipSync(b.get(log.key)!.body).toString().includes('"eventName":"X') },
  { kind: "delete-log", apply: (b: SandboxBucket) => tamper.deleteLog(files, b, { digest: 2, log: 0 }), check: (b: SandboxBucket) => !b.has(log.key) },
  { kind: "truncate-log", apply: (b: SandboxBucket) => tamper.truncateLog(files, b, { digest: 2, log: 0 }), check: (b: SandboxBucket) => b.get(log.key)!.body.length === log.body.length >> 1 },
  { kind: "cut-log-trailer", apply: (b: SandboxBucket) => tamper.cutLogTrailer(files, b, { digest: 2, log: 0 }), check: (b: SandboxBucket) => b.get(log.key)!.body.length === log.body.length - 8 },
  { kind: "append-log-member", apply: (b: SandboxBucket) => tamper.appendLogMember(files, b, { digest: 2, log: 0 }), check: (b: SandboxBucket) => gunzipSync(b.get(log.key)!.body).toString().includes("DeleteTrail") },
  { kind: "append-log-garbage", apply: (b: SandboxBucket) => tamper.appendLogGarbage(files, b, { digest: 2, log: 0 }), check: (b: SandboxBucket) => b.get(log.key)!.body.length > log.body.length },
  { kind: "log-not-gzip", apply: (b: SandboxBucket) => tamper.uncompressLog(files, b, { digest: 2, log: 0 }), check: (b: SandboxBucket) => b.get(log.key)!.body[0] === 0x7b },
  { kind: "modify-digest", apply: (b: SandboxBucket) => tamper.modifyDigest(files, b, { digest: 3 }), check: (b: SandboxBucket) => documentAt(b, d3.key)["newestEventTime"] === "1999-01-01T00:00:00Z" && b.get(d3.key)!.metadata["signature"] === d3.metadata["signature"] },
  { kind: "delete-digest", apply: (b: SandboxBucket) => tamper.deleteDigest(files, b, { digest: 3 }), check: (b: SandboxBucket) => !b.has(d3.key) },
  { kind: "delete-newest-digest", apply: (b: SandboxBucket) => tamper.deleteNewestDigest(files, b), check: (b: SandboxBucket) => !b.has(files.digests.at(-1)!.key) },
  { kind: "move-digest", apply: (b: SandboxBucket) => tamper.moveDigest(files, b, { digest: -1, hoursLater: 1 }), check: (b: SandboxBucket) => [...b.keys()].some((key) => key.endsWith("20250301T190131Z.json.gz")) },
  { kind: "resign-digest", apply: (b: SandboxBucket) => tamper.resignDigest(files, b, { digest: 3, edit: (doc) => (doc["logFiles"] = []) }), check: (b: SandboxBucket) => (documentAt(b, d3.key)["logFiles"] as unknown[]).length === 0 && b.get(d3.key)!.metadata["signature"] !== d3.metadata["signature"] },
  { kind: "unknown-fingerprint", apply: (b: SandboxBucket) => tamper.unknownFingerprint(files, b, { digest: 3 }), check: (b: SandboxBucket) => !files.keys.some((key) => key.fingerprint === documentAt(b, d3.key)["digestPublicKeyFingerprint"]) },
  { kind: "break-chain-signature", apply: (b: SandboxBucket) => tamper.breakChainSignature(files, b, { digest: 3 }), check: (b: SandboxBucket) => documentAt(b, d3.key)["previousDigestSignature"] === "ab".repeat(256) },
  { kind: "break-chain-hash", apply: (b: SandboxBucket) => tamper.breakChainHash(files, b, { digest: 3 }), check: (b: SandboxBucket) => documentAt(b, d3.key)["previousDigestHashValue"] === "0".repeat(64) },
  {
    kind: "skip-chain-link",
    apply: (b: SandboxBucket) => tamper.skipChainLink(files, b, { digest: 3 }),
    check: (b: SandboxBucket) =>
      documentAt(b, d3.key)["previousDigestS3Object"] === files.digests[1]!.key &&
      documentAt(b, d3.key)["previousDigestHashValue"] === createHash("sha256").update(files.digests[1]!.content).digest("hex"),
  },
  { kind: "forge-chain-start", apply: (b: SandboxBucket) => tamper.forgeChainStart(files, b, { digest: 3 }), check: (b: SandboxBucket) => documentAt(b, d3.key)["previousDigestS3Object"] === null },
  { kind: "drop-signature-metadata", apply: (b: SandboxBucket) => tamper.dropSignatureMetadata(files, b, { digest: 3 }), check: (b: SandboxBucket) => !("signature" in b.get(d3.key)!.metadata) },
  { kind: "non-hex-signature", apply: (b: SandboxBucket) => tamper.nonHexSignature(files, b, { digest: 3 }), check: (b: SandboxBucket) => b.get(d3.key)!.metadata["signature"]!.startsWith("zz") },
  { kind: "drop-log-files-field", apply: (b: SandboxBucket) => tamper.dropLogFilesField(files, b, { digest: 3 }), check: (b: SandboxBucket) => !("logFiles" in documentAt(b, d3.key)) },
])("$kind edits a copy of the bucket and says what it changed", ({ kind, apply, check }) => {
  const bucket: SandboxBucket = new Map(files.objects);
  const change = apply(bucket);
  expect(change.kind).toBe(kind);
  expect(change.changed.length).toBeGreaterThan(0);
  expect(check(bucket)).toBe(true);
  expect(files.objects.get(log.key)!.body).toBe(log.body); // the delivered files are untouched
  expect(files.objects.get(d3.key)!.body).toBe(d3.body);
});

test("helpers compose: a re-signed digest is read back from the bucket, not from the original", () => {
  const bucket: SandboxBucket = new Map(files.objects);
  tamper.breakChainHash(files, bucket, { digest: 3 });
  tamper.forgeChainStart(files, bucket, { digest: 3 });
  expect(documentAt(bucket, d3.key)["previousDigestHashValue"]).toBeNull();
});

test("a wrong index is an error, not a silent no-op", () => {
  expect(() => tamper.deleteDigest(files, new Map(files.objects), { digest: 99 })).toThrow("no digest at index 99");
});
