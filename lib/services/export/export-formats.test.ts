import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { asffBatches, toAsff, type AsffFinding } from "@/lib/services/export/asff-format";
import { CSV_COLUMNS, findingsCsv } from "@/lib/services/export/csv-format";
import type { CheckFinding, ExportTrail, FileFinding } from "@/lib/services/export/export-model";
import { findingId } from "@/lib/services/export/finding-id";
import { toOcsf } from "@/lib/services/export/ocsf-format";
import { workflowStatusOf } from "@/lib/services/export/workflow-status";

// The formats on hand-made findings; every expected value is written from the formats' documentation, not read back.

const TRAIL: ExportTrail = {
  arn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/main",
  name: "main",
  accountId: "111111111111",
  homeRegion: "us-east-1",
  isOrganizationTrail: false,
  isMultiRegion: false,
  s3BucketName: "logs",
  s3KeyPrefix: null,
  kmsKeyId: null,
  logGroupArn: null,
  logFileValidation: true,
};
const SEEN = new Date("2026-12-01T10:00:00.000Z");
const NOW = new Date("2026-12-05T10:00:00.000Z");

function check(overrides: Partial<CheckFinding> = {}): CheckFinding {
  return {
    type: "check",
    id: "trailproof/check/x",
    accountId: "111111111111",
    region: "us-east-1",
    trail: TRAIL,
    severity: "critical",
    title: "Trail is multi-region and logging",
    description: "Trail main is a single-region trail (IsMultiRegionTrail false).",
    firstObservedAt: SEEN,
    lastObservedAt: NOW,
    workflowStatus: "new",
    checkId: "multi_region",
    reason: "Trail main is a single-region trail (IsMultiRegionTrail false).",
    evidence: { IsMultiRegionTrail: false },
    scanId: "00000000-0000-4000-8000-000000000001",
    references: { cis: ["CIS AWS Foundations 1.5.0 3.1"], securityHub: ["CloudTrail.1"], docs: ["https://docs.aws.amazon.com/x"] },
    remediation: "Turn on multi-region.",
    ...overrides,
  };
}

const KEY = "AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/05/f.json.gz";
function file(overrides: Partial<FileFinding> = {}): FileFinding {
  return {
    type: "file",
    id: "trailproof/file/y",
    accountId: "111111111111",
    region: "us-east-1",
    trail: TRAIL,
    severity: "critical",
    title: "CloudTrail log file is INVALID",
    description: "hash value doesn't match",
    firstObservedAt: SEEN,
    lastObservedAt: NOW,
    workflowStatus: "new",
    kind: "log",
    status: "invalid",
    s3: { bucket: "logs", key: KEY, uri: `s3://logs/${KEY}` },
    reason: "hash value doesn't match",
    expectedHash: "a".repeat(64),
    actualHash: "b".repeat(64),
    fileTime: NOW,
    digestUri: null,
    runId: "00000000-0000-4000-8000-000000000002",
    ...overrides,
  };
}

describe("finding ids", () => {
  // sha256 of the JSON array of the identity's parts, first 40 hex digits: computed with Python's hashlib.
  test.each([
    ["a check on a trail", findingId({ type: "check", checkId: "multi_region", trailArn: TRAIL.arn, accountId: "111111111111" }), "trailproof/check/c651c5214e59bcbda507cf93aba62d18e666360a"],
    ["a file", findingId({ type: "file", s3Uri: `s3://logs/${KEY}` }), "trailproof/file/3d6c778ab3c4866696fb2c8137036dc55b7e7a03"],
  ])("%s: derived from what identifies the problem", (_, id, expected) => {
    expect(id).toBe(expected);
  });

  test("the same problem seen by another run or at another time keeps its id; another problem gets another", () => {
    const base = { type: "integrity" as const, kind: "gap", trailArn: TRAIL.arn, accountId: "111111111111", region: "us-east-1", s3Uri: null, message: "No log files…" };
    const gap = findingId({ ...base, fromTime: SEEN, toTime: NOW });
    expect(findingId({ ...base, fromTime: new Date(SEEN), toTime: new Date(NOW), message: "worded otherwise" })).toBe(gap);
    expect(findingId({ ...base, fromTime: SEEN, toTime: new Date(NOW.getTime() + 1) })).not.toBe(gap);
    expect(findingId({ ...base, region: "eu-west-1", fromTime: SEEN, toTime: NOW })).not.toBe(gap);
    expect(findingId({ type: "check", checkId: "multi_region", trailArn: null, accountId: "222222222222" })).not.toBe(findingId({ type: "check", checkId: "multi_region", trailArn: null, accountId: "111111111111" }));
  });
});

describe("CSV", () => {
  test("RFC 4180 quoting, CRLF rows, and cells a spreadsheet would run as formulas shown as text", () => {
    const text = findingsCsv([check({ id: "i1", title: '=HYPERLINK("x")', description: 'a, "b"\nc' }), check({ id: "i2", title: "+1", description: "-2", remediation: "@x" })]);
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(CSV_COLUMNS.join(","));
    expect(lines[1]!.startsWith(`i1,check,critical,new,111111111111,us-east-1,${TRAIL.arn},"'=HYPERLINK(""x"")","a, ""b""\nc",multi_region,`)).toBe(true);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.title, r.description])).toEqual([
      [`'=HYPERLINK("x")`, 'a, "b"\nc'],
      ["'+1", "'-2"],
    ]);
    expect(rows[0]).toMatchObject({ status: "fail", requirements: "CIS AWS Foundations 1.5.0 3.1; AWS Security Hub CloudTrail.1", first_observed_at: "2026-12-01T10:00:00.000Z", last_observed_at: "2026-12-05T10:00:00.000Z" });
  });
});

describe("ASFF", () => {
  test("a failing check: the account's default product, Security Hub's control and CIS item, new and active", () => {
    expect(toAsff(check(), "us-east-1")).toMatchObject({
      SchemaVersion: "2018-10-08",
      ProductArn: "arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default",
      GeneratorId: "trailproof-check/multi_region",
      AwsAccountId: "111111111111",
      CreatedAt: "2026-12-01T10:00:00.000Z",
      UpdatedAt: "2026-12-05T10:00:00.000Z",
      Severity: { Label: "CRITICAL" },
      Compliance: { Status: "FAILED", SecurityControlId: "CloudTrail.1", RelatedRequirements: ["CIS AWS Foundations 1.5.0 3.1", "AWS Security Hub CloudTrail.1"] },
      Workflow: { Status: "NEW" },
      RecordState: "ACTIVE",
      Resources: [{ Type: "AwsCloudTrailTrail", Id: TRAIL.arn }, { Type: "AwsAccount", Id: "AWS::::Account:111111111111" }],
    });
  });

  test("an INVALID log file names the S3 object; Security Hub's limits are kept", () => {
    const asff = toAsff(file({ description: "x".repeat(5000), title: "t".repeat(300) }), "us-east-1");
    expect(asff.Resources).toContainEqual({ Type: "AwsS3Object", Id: `arn:aws:s3:::logs/${KEY}`, Partition: "aws", Region: "us-east-1" });
    expect(asff.Types).toEqual(["TTPs/Defense Evasion"]);
    expect(toAsff(file({ status: "missing" }), "us-east-1").Types).toEqual(["TTPs/Defense Evasion", "Effects/Data Destruction"]);
    expect(toAsff(file({ status: "unreadable" }), "us-east-1").Types).toEqual(["Software and Configuration Checks/AWS Security Best Practices"]);
    expect((asff.Description as string).length).toBe(1024);
    expect((asff.Title as string).length).toBe(256);
    expect(asff.Compliance).toBeUndefined();
  });

  test("a check with no trail goes to the region asked for", () => {
    expect(toAsff(check({ trail: null, region: null }), "eu-central-1").ProductArn).toBe("arn:aws:securityhub:eu-central-1:111111111111:product/111111111111/default");
  });

  test("batches: one account and region each, at most 100, in a stable order", () => {
    const f = (i: number, account: string, region: string) => ({ Id: `${i}`, AwsAccountId: account, Region: region }) as AsffFinding;
    const findings = [...Array.from({ length: 120 }, (_, i) => f(i, "222222222222", "us-east-1")), f(500, "111111111111", "eu-west-1"), f(501, "111111111111", "us-east-1")];
    expect(asffBatches(findings).map((b) => [b.accountId, b.region, b.part, b.findings.length])).toEqual([
      ["111111111111", "eu-west-1", 1, 1],
      ["111111111111", "us-east-1", 1, 1],
      ["222222222222", "us-east-1", 1, 100],
      ["222222222222", "us-east-1", 2, 20],
    ]);
  });
});

describe("OCSF", () => {
  // OCSF 1.8.0: severity_id 1 Informational … 5 Critical; Compliance Finding 2003, Detection Finding 2004 (Findings, 2).
  test.each([
    ["informational", 1, "Informational"],
    ["low", 2, "Low"],
    ["medium", 3, "Medium"],
    ["high", 4, "High"],
    ["critical", 5, "Critical"],
  ] as const)("severity %s is severity_id %i", (severity, id, caption) => {
    expect(toOcsf(check({ severity }), "0.1.0")).toMatchObject({ severity_id: id, severity: caption });
  });

  test("a check is a Compliance Finding with its control and requirements; a file a Detection Finding", () => {
    expect(toOcsf(check(), "0.1.0")).toMatchObject({
      class_uid: 2003,
      category_uid: 2,
      type_uid: 200301,
      time: NOW.getTime(),
      metadata: { version: "1.8.0", product: { name: "TrailProof", vendor_name: "TrailProof", version: "0.1.0" } },
      finding_info: { uid: "trailproof/check/x", created_time: SEEN.getTime() },
      compliance: { control: "multi_region", standards: ["CIS AWS Foundations Benchmark v1.5.0"], status_id: 3 },
      status_id: 1,
    });
    expect(toOcsf(file(), "0.1.0")).toMatchObject({ class_uid: 2004, type_uid: 200401, is_alert: true, resources: [{ uid: TRAIL.arn }, { uid: `arn:aws:s3:::logs/${KEY}`, type: "AWS::S3::Object" }] });
  });
});

describe("workflow status, the seam for exceptions", () => {
  const NONE = { checkId: null, accountId: null, trailArn: null, ouPath: null, findingId: null, rejectedAt: null, revokedAt: null };
  const dates = { createdAt: new Date("2026-03-01T00:00:00Z"), approvedAt: new Date("2026-03-01T00:00:00Z"), expiresAt: new Date("2026-09-01T00:00:00Z") };
  const subject = { id: "trailproof/check/0000000000000000000000000000000000000000", type: "check" as const, accountId: "111111111111", ouPath: "Root/Sandbox/Dev", trailArn: TRAIL.arn, what: "multi_region" };
  test.each([
    { label: "no exception: new", active: [], status: "new" },
    { label: "an exception under the account's OU: suppressed", active: [{ ...NONE, ...dates, scope: "organizational_unit" as const, checkId: "multi_region", ouPath: "Root/Sandbox" }], status: "suppressed" },
    { label: "an exception for another check: new", active: [{ ...NONE, ...dates, scope: "account" as const, checkId: "kms_cmk", accountId: "111111111111" }], status: "new" },
    { label: "a file named by its id, in the state accepted: suppressed", active: [{ ...NONE, ...dates, scope: "finding" as const, findingId: "trailproof/file/1111111111111111111111111111111111111111", fileStatus: "invalid", fileActualHash: "a".repeat(64), fileEtag: '"e1"' }], status: "suppressed", file: true },
    { label: "a file named by its id, accepted with other content: new", active: [{ ...NONE, ...dates, scope: "finding" as const, findingId: "trailproof/file/1111111111111111111111111111111111111111", fileStatus: "invalid", fileActualHash: "b".repeat(64), fileEtag: '"e1"' }], status: "new", file: true },
    { label: "a file named by its id, accepted as missing: new", active: [{ ...NONE, ...dates, scope: "finding" as const, findingId: "trailproof/file/1111111111111111111111111111111111111111", fileStatus: "missing", fileActualHash: null }], status: "new", file: true },
  ])("$label", ({ active, status, file }) => {
    const judged = file ? { ...subject, type: "file" as const, id: "trailproof/file/1111111111111111111111111111111111111111", what: "invalid", file: { status: "invalid", actualHash: "a".repeat(64), etag: '"e1"', lastModified: null } } : subject;
    expect(workflowStatusOf(judged, active)).toBe(status);
  });

  test("a suppressed finding is exported as suppressed in both formats", () => {
    expect(toAsff(check({ workflowStatus: "suppressed" }), "us-east-1")).toMatchObject({ Workflow: { Status: "SUPPRESSED" }, RecordState: "ACTIVE" });
    expect(toOcsf(check({ workflowStatus: "suppressed" }), "0.1.0")).toMatchObject({ status_id: 3, status: "Suppressed" });
  });
});
