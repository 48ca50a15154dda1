import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { expect, test } from "vitest";
import type { JsonObject } from "@/lib/core/integrity/digest-document";
import { gunzipFirstMember } from "@/lib/core/integrity/gzip-member";
import type { JsonValue } from "@/lib/core/integrity/py-compat";
import { utcPyDate } from "@/lib/core/integrity/py-date";
import { validateLogs } from "@/lib/core/integrity/validate-logs";
import { generateTrailFiles, type SandboxBucket, signDigest } from "@/lib/sandbox/cloudtrail-files";
import { MemoryPublicKeys, MemoryS3 } from "@/lib/sandbox/cloudtrail-memory";
import { referenceTrailSpec } from "@/lib/sandbox/cloudtrail-scenarios";
import { SeededRandom } from "@/lib/sandbox/seeded-random";

// Seeded fuzzing of the whole run: random damage to digests and logs (byte flips, cuts, appends, deletions, bad
// metadata, planted keys) and random edits re-signed with the real key, which reach awscli's deeper code paths.
// Two properties must hold: a run ends either normally or in one of the aborts awscli itself has (exit 255), and
// nothing is ever reported valid that was not signed (digests) or not what a signed digest lists (logs).

const files = generateTrailFiles(referenceTrailSpec({ seed: "fuzz", hours: 5, stops: [], keyRotations: [2], backfillHours: [1] }));
const all = [...files.digests, ...files.backfillDigests];
const END = new Date(files.spec.start.getTime() + 5 * 3_600_000);
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const logHashes = new Set(all.flatMap((digest) => digest.logs.map((log) => log.hashValue)));

// The aborts awscli has too: KeyError/TypeError in its CLI loop, an unparsable listed key date, no public keys, an
// S3 error other than NoSuchKey (here: a signed pointer into a bucket that does not exist); plus ours for a pointer
// cycle (awscli loops forever there).
const DOCUMENTED_ABORTS = [
  /^An error occurred \(NoSuchBucket\)/,
  /^'(logFiles|s3Bucket|s3Object)'$/,
  /object is not (iterable|subscriptable)$/,
  /indices must be integers/,
  /^can't compare offset-naive and offset-aware datetimes$/,
  /^Unable to parse date value: /,
  /^No public keys found between /,
  /^Digest chain cycle: /,
  /object has no attribute 'endswith'$/,
];

const ODD_VALUES: JsonValue[] = [null, 0, 7, 1.5, true, "", "x", "2025-03-01T10:00:00", "2025-03-01T10:00:00+05:00", [], ["a"], {}, { a: 1 }];
const FIELDS = [
  "digestStartTime",
  "digestEndTime",
  "digestPublicKeyFingerprint",
  "previousDigestS3Object",
  "previousDigestS3Bucket",
  "previousDigestSignature",
  "logFiles",
  "digestS3Object",
];

function mutate(random: SeededRandom, bucket: SandboxBucket, signed: Set<string>): void {
  const keys = [...bucket.keys()];
  const key = random.pick(keys);
  const object = bucket.get(key)!;
  const digest = all.find((candidate) => candidate.key === key);
  switch (random.int(0, 8)) {
    case 0: {
      const body = Buffer.from(object.body);
      if (body.length > 0) body[random.int(0, body.length - 1)]! ^= 1 << random.int(0, 7);
      bucket.set(key, { ...object, body });
      return;
    }
    case 1:
      bucket.set(key, { ...object, body: object.body.subarray(0, random.int(0, object.body.length)) });
      return;
    case 2:
      bucket.set(key, { ...object, body: Buffer.concat([object.body, random.chance(0.5) ? gzipSync("{}") : random.bytes(random.int(1, 20))]) });
      return;
    case 3:
      bucket.delete(key);
      return;
    case 4:
      bucket.set(key, { ...object, metadata: { ...object.metadata, signature: random.pick(["", "zz", "abc", random.hex(512), random.hex(514)]) } });
      return;
    case 5: {
      const metadata = { ...object.metadata };
      delete metadata[random.pick(["signature", "signature-algorithm", "backfill-generation-timestamp"])];
      bucket.set(key, { ...object, metadata });
      return;
    }
    case 6: {
      const planted = `${files.digests[random.int(0, files.digests.length - 1)]!.key.slice(0, -24)}${random.pick(["garbage", "20250301T12/000Z", "20250301T999999Z", random.alnum(16)])}.json.gz`;
      bucket.set(planted, { key: planted, body: random.bytes(random.int(0, 30)), metadata: {} });
      return;
    }
    default: {
      if (!digest) return;
      let document: JsonObject;
      try {
        document = JSON.parse(gunzipSync(object.body).toString()) as JsonObject;
      } catch {
        return;
      }
      const field = random.pick(FIELDS);
      if (random.chance(0.2)) delete document[field];
      else document[field] = random.pick(ODD_VALUES);
      if (field === "logFiles" && random.chance(0.5)) document[field] = [random.pick(ODD_VALUES), { s3Bucket: files.spec.bucket, s3Object: random.pick(ODD_VALUES) }];
      const resigned = signDigest(document, files.keys[digest.keyIndex]!, object.metadata);
      signed.add(`${sha(resigned.content)}:${resigned.signature}`);
      bucket.set(key, { key, body: resigned.body, metadata: { ...object.metadata, signature: resigned.signature } });
    }
  }
}

test("seeded fuzzing: only documented aborts, never a false valid", { timeout: 60_000 }, async () => {
  const random = new SeededRandom("validate-logs-fuzz");
  const aborts = new Map<string, number>();
  for (let round = 0; round < 80; round += 1) {
    const bucket: SandboxBucket = new Map(files.objects);
    const signed = new Set(all.map((digest) => `${sha(digest.content)}:${digest.metadata["signature"]}`));
    for (let count = random.int(1, 4); count > 0; count -= 1) mutate(random, bucket, signed);
    const s3 = new MemoryS3(new Map([[files.spec.bucket, bucket]]));
    const result = await validateLogs(
      { trailArn: files.trailArn, scope: files.scope, bucket: files.spec.bucket, start: utcPyDate(files.spec.start), end: utcPyDate(END), verbose: true },
      { digests: s3, logs: s3, publicKeys: new MemoryPublicKeys(files.keys) },
      { logConcurrency: random.int(1, 3) },
    );

    if (result.aborted !== null) {
      expect(DOCUMENTED_ABORTS.some((pattern) => pattern.test(result.aborted!)), result.aborted).toBe(true);
      aborts.set(result.aborted, (aborts.get(result.aborted) ?? 0) + 1);
    }
    for (const visit of result.trace.visits.filter((candidate) => candidate.outcome === "valid")) {
      const stored = bucket.get(visit.key)!;
      const content = gunzipFirstMember(stored.body).content;
      expect(signed.has(`${sha(content)}:${stored.metadata["signature"]}`), `${visit.key} valid but never signed`).toBe(true);
    }
    for (const log of result.logs) {
      if (log.parity === "valid") expect(logHashes.has(log.sha256 ?? ""), `${String(log.key)} valid but not a delivered log`).toBe(true);
      if (log.strict === "valid") {
        const body = bucket.get(String(log.key))!.body;
        // Node's gunzip inflates every member and rejects garbage: a strictly valid file must survive it unchanged.
        expect(logHashes.has(sha(gunzipSync(body))), `${String(log.key)} strictly valid but altered`).toBe(true);
      }
    }
  }
  expect([...aborts.values()].reduce((sum, count) => sum + count, 0)).toBeLessThan(80);
});
