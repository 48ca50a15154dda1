import { describe, expect, test } from "vitest";
import type { KnownAlert } from "@/lib/core/alerts/problem";
import { validationSighting, type ValidationFacts } from "@/lib/core/alerts/validation-problems";

const TRAIL = "arn:aws:cloudtrail:us-east-1:111111111111:trail/main";
const LOG = "AWSLogs/111111111111/CloudTrail/us-east-1/2026/03/01/111111111111_CloudTrail_us-east-1_20260301T1005Z_abc.json.gz";
const OLD_LOG = "AWSLogs/111111111111/CloudTrail/us-east-1/2026/02/26/111111111111_CloudTrail_us-east-1_20260226T1005Z_old.json.gz";
const DIGEST = "AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2026/03/01/111111111111_CloudTrail-Digest_us-east-1_main_us-east-1_20260301T110000Z.json.gz";

// A 25-hour window ending 2026-03-01 12:00, over one chain.
const facts = (over: Partial<ValidationFacts> = {}): ValidationFacts => ({
  trailArn: TRAIL,
  run: { status: "succeeded", windowStart: new Date("2026-02-28T11:00:00Z"), windowEnd: new Date("2026-03-01T12:00:00Z") },
  badVerdicts: [],
  findings: [],
  overdue: [],
  walkedChains: new Set(["111111111111|us-east-1"]),
  examinedUris: new Set(),
  ...over,
});

const known = (kind: string, over: Partial<KnownAlert> = {}): KnownAlert => ({
  id: "a1",
  key: "k",
  kind,
  state: "open",
  runKind: "validation",
  accountId: "111111111111",
  region: "us-east-1",
  trailArn: TRAIL,
  s3Uri: null,
  objectTime: null,
  ...over,
});

describe("validationSighting: problems", () => {
  test("an INVALID log file is one critical file alert naming its S3 URI", () => {
    const { problems } = validationSighting(facts({
      badVerdicts: [{ id: 7n, accountId: "111111111111", region: "us-east-1", kind: "log", status: "invalid", reason: "hash value doesn't match", s3Bucket: "logs", s3Key: LOG, fileTime: new Date("2026-03-01T10:05:00Z") }],
    }));
    expect(problems).toEqual([expect.objectContaining({
      key: `file-invalid|s3://logs/${LOG}`,
      kind: "file-invalid",
      severity: "critical",
      s3Uri: `s3://logs/${LOG}`,
      reason: "hash value doesn't match",
      fileVerdictId: 7n,
      objectTime: new Date("2026-03-01T10:05:00Z"),
    })]);
  });

  test.each([
    { label: "chain-broken", kind: "chain-broken", s3Uri: `s3://logs/${DIGEST}`, raised: true },
    { label: "gap", kind: "gap", s3Uri: null, raised: true },
    { label: "a digest missing inside the chain", kind: "digest-missing", s3Uri: `s3://logs/${DIGEST}`, raised: true },
    { label: "the newest digest missing: said by digest-overdue", kind: "digest-missing", s3Uri: null, raised: false },
    { label: "unreadable: said by the file's verdict", kind: "unreadable", s3Uri: `s3://logs/${LOG}`, raised: false },
    { label: "aborted: the run could not look", kind: "aborted", s3Uri: null, raised: false },
    { label: "listing-capped", kind: "listing-capped", s3Uri: null, raised: true },
  ])("finding $label → alert: $raised", ({ kind, s3Uri, raised }) => {
    const { problems } = validationSighting(facts({ findings: [{ id: 1n, accountId: "111111111111", region: "us-east-1", kind, s3Uri, message: "m", fromTime: null }] }));
    expect(problems.map((p) => p.kind)).toEqual(raised ? [kind] : []);
  });

  test("a digest-overdue chain names the last digest and since when", () => {
    const { problems } = validationSighting(facts({
      overdue: [{ accountId: "111111111111", region: "us-east-1", lastDigestUri: `s3://logs/${DIGEST}`, lastDigestEnd: new Date("2026-03-01T06:00:00Z"), expectedUntil: new Date("2026-03-01T11:30:00Z") }],
    }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ key: `digest-overdue|${TRAIL}|111111111111|us-east-1`, severity: "high", s3Uri: `s3://logs/${DIGEST}` });
    expect(problems[0]!.reason).toContain("2026-03-01T06:00:00.000Z");
  });
});

describe("validationSighting: what the run could see again", () => {
  test.each([
    { label: "a file the run examined", alert: known("file-invalid", { s3Uri: `s3://logs/${LOG}` }), over: { examinedUris: new Set([`s3://logs/${LOG}`]) }, seen: true },
    { label: "a file from three days ago an incremental run did not examine", alert: known("file-invalid", { s3Uri: `s3://logs/${OLD_LOG}` }), over: {}, seen: false },
    { label: "another trail's file", alert: known("file-invalid", { s3Uri: `s3://logs/${LOG}`, trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/other" }), over: { examinedUris: new Set([`s3://logs/${LOG}`]) }, seen: false },
    { label: "anything, when the run failed", alert: known("file-invalid", { s3Uri: `s3://logs/${LOG}` }), over: { run: { status: "failed", windowStart: new Date("2026-02-28T11:00:00Z"), windowEnd: new Date("2026-03-01T12:00:00Z") }, examinedUris: new Set([`s3://logs/${LOG}`]) }, seen: false },
    { label: "a gap inside the window of a walked chain", alert: known("gap", { objectTime: new Date("2026-03-01T03:00:00Z") }), over: {}, seen: true },
    { label: "a gap before the window", alert: known("gap", { objectTime: new Date("2026-02-26T03:00:00Z") }), over: {}, seen: false },
    { label: "a chain finding of a chain the run did not walk to its end", alert: known("chain-broken", { objectTime: new Date("2026-03-01T03:00:00Z") }), over: { walkedChains: new Set<string>() }, seen: false },
    { label: "a digest overdue on a walked chain, whatever its time", alert: known("digest-overdue", { objectTime: new Date("2026-02-20T00:00:00Z") }), over: {}, seen: true },
    { label: "an alert raised by a scan", alert: known("check-failed", { runKind: "scan" }), over: {}, seen: false },
  ])("$label: $seen", ({ alert, over, seen }) => {
    expect(validationSighting(facts(over)).couldSee(alert)).toBe(seen);
  });
});
