import { createHash, createPublicKey, verify } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import type { JsonObject } from "@/lib/core/integrity/digest-document";
import { digestKeyPattern } from "@/lib/core/integrity/keys";
import { stringToSign } from "@/lib/core/integrity/signature";
import { generateTrailFiles, publicKeysBetween, trailArnOf, trailHours } from "@/lib/sandbox/cloudtrail-files";
import { referenceTrailSpec } from "@/lib/sandbox/cloudtrail-scenarios";

const spec = referenceTrailSpec();
const files = generateTrailFiles(spec);
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("generateTrailFiles", () => {
  test("is deterministic: the same seed gives the same bytes, another seed other bytes", () => {
    const again = generateTrailFiles(spec);
    const other = generateTrailFiles({ ...spec, seed: "another" });
    const bodies = (generated: typeof files) => [...generated.objects.values()].map((object) => sha(object.body));
    expect(bodies(again)).toEqual(bodies(files));
    expect(again.keys.map((key) => key.fingerprint)).toEqual(files.keys.map((key) => key.fingerprint));
    expect(bodies(other)).not.toEqual(bodies(files));
  });

  test("one digest per active hour, none while logging was stopped", () => {
    expect(files.digests.map((digest) => digest.hour)).toEqual([0, 1, 2, 3, 4, 6, 7]);
    expect(files.digests.map((digest) => digest.document.digestEndTime)).toEqual([
      "2025-03-01T11:01:31Z",
      "2025-03-01T12:01:31Z",
      "2025-03-01T13:01:31Z",
      "2025-03-01T14:01:31Z",
      "2025-03-01T15:01:31Z",
      "2025-03-01T17:01:31Z",
      "2025-03-01T18:01:31Z",
    ]);
  });

  test("keys follow the layout awscli lists, and the body sits where the document says", () => {
    const pattern = digestKeyPattern(files.scope);
    for (const digest of [...files.digests, ...files.backfillDigests]) {
      expect(pattern.test(digest.key)).toBe(true);
      expect(digest.document.digestS3Object).toBe(digest.key);
      expect(files.objects.get(digest.key)?.body).toBe(digest.body);
    }
    expect(files.backfillDigests.every((digest) => digest.key.endsWith("_backfill.json.gz"))).toBe(true);
    expect(files.trailArn).toBe(trailArnOf(spec));
  });

  test("each link carries the previous digest's real signature and SHA-256; a chain start has nulls", () => {
    files.digests.forEach((digest, index) => {
      const previous = files.digests[index - 1];
      const starts = index === 0 || digest.hour === 6;
      if (starts || !previous) {
        expect(digest.document.previousDigestS3Object).toBeNull();
        expect(digest.document.previousDigestSignature).toBeNull();
        expect(digest.document.previousDigestHashValue).toBeNull();
        return;
      }
      expect(digest.document.previousDigestS3Object).toBe(previous.key);
      expect(digest.document.previousDigestSignature).toBe(previous.metadata["signature"]);
      expect(digest.document.previousDigestHashValue).toBe(sha(previous.content));
      expect(digest.document.previousDigestHashAlgorithm).toBe("SHA-256");
    });
  });

  test("every digest is signed SHA256withRSA by the key in force at its hour, which rotates at hour 4", () => {
    expect(files.digests.map((digest) => digest.keyIndex)).toEqual([0, 0, 0, 0, 1, 1, 1]);
    for (const digest of files.digests) {
      const key = files.keys[digest.keyIndex]!;
      expect(digest.document.digestPublicKeyFingerprint).toBe(key.fingerprint);
      expect(key.fingerprint).toBe(createHash("md5").update(key.publicDer).digest("hex"));
      expect(digest.metadata["signature-algorithm"]).toBe("SHA256withRSA");
      const data = Buffer.from(stringToSign(digest.document as unknown as JsonObject, gunzipSync(digest.body)));
      const publicKey = createPublicKey({ key: key.publicDer, format: "der", type: "pkcs1" });
      expect(verify("sha256", data, publicKey, Buffer.from(digest.metadata["signature"]!, "hex"))).toBe(true);
    }
  });

  test("digests list their log files with the SHA-256 of the uncompressed content", () => {
    for (const digest of files.digests) {
      expect(digest.document.logFiles.map((entry) => entry.s3Object)).toEqual(digest.logs.map((log) => log.key));
      for (const [index, log] of digest.logs.entries()) {
        expect(digest.document.logFiles[index]!.hashValue).toBe(sha(gunzipSync(files.objects.get(log.key)!.body)));
      }
    }
  });

  test("log files hold realistic management events and roughly the requested size", () => {
    const log = files.digests[0]!.logs[0]!;
    const parsed = JSON.parse(log.content.toString()) as { Records: Record<string, unknown>[] };
    expect(log.content.length).toBeGreaterThanOrEqual(spec.logBytes!);
    expect(log.content.length).toBeLessThan(spec.logBytes! * 3);
    for (const field of ["eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "requestParameters", "responseElements", "requestID", "eventID", "readOnly", "eventType", "managementEvent", "recipientAccountId", "eventCategory"]) {
      expect(parsed.Records[0]).toHaveProperty(field);
    }
    expect(log.key).toMatch(/AWSLogs\/111122223333\/CloudTrail\/us-east-2\/2025\/03\/01\/111122223333_CloudTrail_us-east-2_20250301T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/);
  });

  test("backfill digests carry their generation timestamp", () => {
    expect(files.backfillDigests.map((digest) => digest.metadata["backfill-generation-timestamp"])).toEqual([
      "2025-03-01T20:01:31Z",
      "2025-03-01T20:01:31Z",
    ]);
  });

  test("an organization trail puts everything under AWSLogs/{o-id}/{account}/", () => {
    const org = generateTrailFiles({ ...spec, hours: 1, organizationId: "o-abc1234567", backfillHours: [] });
    expect([...org.objects.keys()].every((key) => key.startsWith("audit/AWSLogs/o-abc1234567/111122223333/"))).toBe(true);
  });
});

describe("publicKeysBetween (what ListPublicKeys returns)", () => {
  test.each([
    { label: "before the rotation", start: "2025-03-01T10:00:00Z", end: "2025-03-01T12:00:00Z", keys: [0] },
    { label: "across the rotation, overlapping validity", start: "2025-03-01T13:30:00Z", end: "2025-03-01T14:30:00Z", keys: [0, 1] },
    { label: "after it", start: "2025-03-01T16:00:00Z", end: "2025-03-01T18:00:00Z", keys: [1] },
    { label: "long before the trail", start: "2010-01-01T00:00:00Z", end: "2010-01-02T00:00:00Z", keys: [] },
  ])("$label", ({ start, end, keys }) => {
    const listed = publicKeysBetween(files.keys, new Date(start), new Date(end)).map((entry) => entry.fingerprint);
    expect(listed).toEqual(keys.map((index) => files.keys[index]!.fingerprint));
  });
});

test("a chain's hours go on past the generated ones: the first are the same bytes, the next link to them", () => {
  const { hours } = trailHours(spec);
  const pulled = Array.from({ length: spec.hours + 2 }, () => hours.next().value);
  const standard = pulled.slice(0, spec.hours).filter((d) => d !== null);
  expect(standard.map((d) => d.key)).toEqual(files.digests.map((d) => d.key));
  standard.forEach((digest, i) => expect(digest.body.equals(files.digests[i]!.body), digest.key).toBe(true));
  const [next, after] = pulled.slice(spec.hours);
  expect(next!.document.previousDigestS3Object).toBe(files.digests.at(-1)!.key);
  expect(after!.document.previousDigestS3Object).toBe(next!.key);
  expect(Date.parse(after!.document.digestEndTime) - Date.parse(files.digests.at(-1)!.document.digestEndTime)).toBe(2 * 3_600_000);
});
