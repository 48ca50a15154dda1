import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import type { DigestFacts, DigestStore, DigestVisit, WalkTrace } from "@/lib/core/integrity/chain-walk";
import { parsePyDate } from "@/lib/core/integrity/py-date";
import { findStrictFindings, type StrictFindingKind } from "@/lib/core/integrity/strict-findings";

const BUCKET = "bucket";
const key = (stamp: string) => `AWSLogs/1/CloudTrail-Digest/r/2025/01/10/1_CloudTrail-Digest_r_t_r_${stamp}.json.gz`;
const K1 = key("20250110T010000Z");
const K2 = key("20250110T020000Z");

type FactOverrides = Partial<Omit<DigestFacts, "previous">> & { previous?: Partial<DigestFacts["previous"]> };

function facts(overrides: FactOverrides = {}): DigestFacts {
  const { previous, ...rest } = overrides;
  return {
    signature: "sig-2",
    signatureAlgorithm: "SHA256withRSA",
    contentSha256: "hash-2",
    trailingBytes: 0,
    digestStartTime: "2025-01-10T01:00:00Z",
    digestEndTime: "2025-01-10T02:00:00Z",
    previous: { bucket: BUCKET, key: K1, signature: "sig-1", hashValue: "hash-1", hashAlgorithm: "SHA-256", ...previous },
    ...rest,
  };
}

const older: DigestVisit = {
  backfill: false,
  bucket: BUCKET,
  key: K1,
  outcome: "valid",
  strictSignatureOk: true,
  facts: facts({
    signature: "sig-1",
    contentSha256: "hash-1",
    digestStartTime: "2025-01-10T00:00:00Z",
    digestEndTime: "2025-01-10T01:00:00Z",
    previous: { bucket: null, key: null, signature: null, hashValue: null, hashAlgorithm: null },
  }),
};
const newer = (overrides: Partial<DigestVisit> = {}, factOverrides: FactOverrides = {}): DigestVisit => ({
  backfill: false,
  bucket: BUCKET,
  key: K2,
  outcome: "valid",
  strictSignatureOk: true,
  facts: facts(factOverrides),
  ...overrides,
});

function trace(visits: DigestVisit[], overrides: Partial<WalkTrace> = {}): WalkTrace {
  return {
    listed: { standard: visits.map((visit) => visit.key), backfill: [] },
    listingStoppedAt: null,
    visits,
    gaps: [],
    ...overrides,
  };
}

const kinds = async (walked: WalkTrace, options = {}) =>
  (await findStrictFindings(walked, BUCKET, options)).map((finding) => `${finding.kind} ${finding.key?.slice(-24, -8)}`);

describe("findStrictFindings", () => {
  test.each<{ label: string; visits: DigestVisit[]; found: string[] }>([
    { label: "an intact link", visits: [newer(), older], found: [] },
    { label: "a wrong previousDigestSignature", visits: [newer({}, { previous: { signature: "forged" } }), older], found: ["chain-broken 20250110T020000Z"] },
    { label: "a wrong previousDigestHashValue", visits: [newer({}, { previous: { hashValue: "forged" } }), older], found: ["chain-broken 20250110T020000Z"] },
    { label: "another hash algorithm", visits: [newer({}, { previous: { hashAlgorithm: "MD5" } }), older], found: ["chain-broken 20250110T020000Z"] },
    { label: "an overlap with the older digest", visits: [newer({}, { digestStartTime: "2025-01-10T00:30:00Z" }), older], found: ["chain-broken 20250110T020000Z", "digest-missing 20250110T020000Z"] },
    { label: "a hole after the older digest", visits: [newer({}, { digestStartTime: "2025-01-10T01:30:00Z" }), older], found: ["digest-missing 20250110T020000Z"] },
    { label: "a digest covering three hours", visits: [newer({}, { digestStartTime: "2025-01-09T23:00:00Z" }), older], found: ["chain-broken 20250110T020000Z", "digest-missing 20250110T020000Z"] },
    { label: "a SHA-1 signature python-rsa accepted", visits: [newer({ strictSignatureOk: false, signatureHash: "SHA-1" }), older], found: ["signature-not-sha256 20250110T020000Z"] },
    { label: "another signature-algorithm in the metadata", visits: [newer({}, { signatureAlgorithm: "SHA1withRSA" }), older], found: ["signature-not-sha256 20250110T020000Z"] },
    { label: "bytes after the gzip member", visits: [newer({}, { trailingBytes: 3 }), older], found: ["digest-trailing-bytes 20250110T020000Z"] },
    { label: "an invalid older digest still has its link checked", visits: [newer({}, { previous: { hashValue: "x" } }), { ...older, outcome: "signature-failed" }], found: ["chain-broken 20250110T020000Z"] },
    { label: "a not-found older digest: awscli reports it already", visits: [newer(), { ...older, outcome: "not-found", facts: null }], found: [] },
  ])("$label", async ({ visits, found }) => {
    expect((await kinds(trace(visits))).sort()).toEqual([...found].sort());
  });

  test("a listed digest the chain never reached is skipped", async () => {
    const listed = { standard: [K1, key("20250110T013000Z"), K2], backfill: [] };
    expect(await kinds(trace([newer(), older], { listed }))).toEqual(["digest-skipped 20250110T013000Z"]);
  });

  test.each<{ label: string; from: string; to: string; kind: StrictFindingKind | null }>([
    { label: "a real stop", from: "2025-01-10T01:00:00Z", to: "2025-01-10T05:00:00Z", kind: null },
    { label: "a zero-length gap", from: "2025-01-10T01:00:00Z", to: "2025-01-10T01:00:00Z", kind: "suspicious-gap" },
    { label: "a reversed gap", from: "2025-01-10T02:00:00Z", to: "2025-01-10T01:00:00Z", kind: "suspicious-gap" },
  ])("$label", async ({ from, to, kind }) => {
    const gaps = [{ kind: "gap" as const, backfill: false, from: parsePyDate(from), to: parsePyDate(to), olderKey: K1, newerKey: K2 }];
    const found = await findStrictFindings(trace([], { gaps }), BUCKET);
    expect(found.map((finding) => finding.kind)).toEqual(kind ? [kind] : []);
  });

  test.each([
    { label: "a listed key without a date", listed: [key("garbage")], stoppedAt: null, count: 1 },
    { label: "the listing stopped at a key without a date", listed: [], stoppedAt: key("garbage"), count: 1 },
    { label: "the listing stopped at a later, well-formed key", listed: [], stoppedAt: key("20250111T000000Z"), count: 0 },
  ])("malformed keys: $label", async ({ listed, stoppedAt, count }) => {
    const walked = trace([], { listed: { standard: listed, backfill: [] }, listingStoppedAt: stoppedAt });
    const found = await findStrictFindings(walked, BUCKET);
    expect(found.filter((finding) => finding.kind === "malformed-digest-key")).toHaveLength(count);
  });

  test.each([
    { label: "the newest digest arrived", expectedUntil: "2025-01-10T03:00:00Z", missing: false },
    { label: "within the cadence tolerance", expectedUntil: "2025-01-10T03:14:00Z", missing: false },
    { label: "the newest hourly digest is missing", expectedUntil: "2025-01-10T04:00:00Z", missing: true },
  ])("expected until: $label", async ({ expectedUntil, missing }) => {
    const found = await findStrictFindings(trace([newer(), older]), BUCKET, { expectedUntil: new Date(expectedUntil) });
    expect(found.some((finding) => finding.kind === "digest-missing" && finding.key === null)).toBe(missing);
  });

  test("with nothing valid at all, an expected digest is missing", async () => {
    const found = await findStrictFindings(trace([]), BUCKET, { expectedUntil: new Date("2025-01-10T03:00:00Z") });
    expect(found.map((finding) => finding.kind)).toEqual(["digest-missing"]);
  });

  test("the link out of the window is checked by fetching the older digest once", async () => {
    const content = Buffer.from(JSON.stringify({ digestEndTime: "2025-01-10T01:00:00Z", digestStartTime: "x", digestS3Bucket: BUCKET, digestS3Object: K1, digestPublicKeyFingerprint: "f", previousDigestSignature: null }));
    const requests: string[] = [];
    const store: DigestStore = {
      listKeys: async function* () {},
      getDigest: async (bucket, digestKey) => {
        requests.push(digestKey);
        return { bytes: gzipSync(content), metadata: { signature: "sig-1", "signature-algorithm": "SHA256withRSA" } };
      },
    };
    const found = await findStrictFindings(trace([newer()]), BUCKET, {}, store);
    expect(requests).toEqual([K1]);
    expect(found.map((finding) => finding.detail)).toEqual([expect.stringContaining("previousDigestHashValue")]);
  });
});
