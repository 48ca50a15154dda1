import type { Severity } from "@/lib/core/checks/types";
import type { ExportFinding, ExportTrail } from "@/lib/services/export/export-model";
import { isTampering } from "@/lib/services/export/integrity-severity";
import { requirementsOf } from "@/lib/services/export/csv-format";

// AWS Security Finding Format, as Security Hub's BatchImportFindings accepts it. TrailProof never calls Security Hub
// (it is read-only towards AWS): the user imports the files. Security Hub takes a finding only in the account and
// region of its ProductArn (the account's own "default" product), at most 100 per call, so findings are grouped by
// account and region and cut into batches of 100 (asffBatches).

export const ASFF_BATCH_SIZE = 100;

// Security Hub's documented limits (ASFF syntax), which the service model does not carry.
const TITLE_MAX = 256;
const DESCRIPTION_MAX = 1024;
const RECOMMENDATION_MAX = 512;

export type AsffFinding = Record<string, unknown> & { Id: string; AwsAccountId: string; Region: string };

const SEVERITY_LABEL: Record<Severity, string> = { critical: "CRITICAL", high: "HIGH", medium: "MEDIUM", low: "LOW", informational: "INFORMATIONAL" };

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function partitionOf(arn: string | undefined): string {
  return arn?.split(":")[1] || "aws";
}

function trailResource(trail: ExportTrail) {
  return {
    Type: "AwsCloudTrailTrail",
    Id: trail.arn,
    Partition: partitionOf(trail.arn),
    Region: trail.homeRegion,
    Details: {
      AwsCloudTrailTrail: {
        TrailArn: trail.arn,
        Name: trail.name,
        HomeRegion: trail.homeRegion,
        IsMultiRegionTrail: trail.isMultiRegion,
        IsOrganizationTrail: trail.isOrganizationTrail,
        LogFileValidationEnabled: trail.logFileValidation,
        ...(trail.s3BucketName ? { S3BucketName: trail.s3BucketName } : {}),
        ...(trail.s3KeyPrefix ? { S3KeyPrefix: trail.s3KeyPrefix } : {}),
        ...(trail.kmsKeyId ? { KmsKeyId: trail.kmsKeyId } : {}),
        ...(trail.logGroupArn ? { CloudWatchLogsLogGroupArn: trail.logGroupArn } : {}),
      },
    },
  };
}

function accountResource(accountId: string, partition: string) {
  return { Type: "AwsAccount", Id: `AWS::::Account:${accountId}`, Partition: partition };
}

function s3Resources(uri: string, region: string, partition: string) {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (!match) return [];
  const [, bucket, key] = match;
  // A key ending in "/" names a folder (a deleted chain, a decoy prefix): the bucket is the resource.
  return key && !key.endsWith("/")
    ? [{ Type: "AwsS3Object", Id: `arn:${partition}:s3:::${bucket}/${key}`, Partition: partition, Region: region }]
    : [{ Type: "AwsS3Bucket", Id: `arn:${partition}:s3:::${bucket}`, Partition: partition, Region: region }];
}

function typesOf(finding: ExportFinding): string[] {
  if (finding.type === "check") {
    return finding.references.cis?.length
      ? ["Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"]
      : ["Software and Configuration Checks/AWS Security Best Practices"];
  }
  if (!isTampering(finding)) return ["Software and Configuration Checks/AWS Security Best Practices"];
  // Removing or altering audit logs is MITRE ATT&CK's Indicator Removal, a Defense Evasion technique; files or whole
  // chains that are gone are also destroyed data.
  const gone = finding.type === "file" ? finding.status === "missing" : ["chain-missing", "digest-missing"].includes(finding.kind);
  return gone ? ["TTPs/Defense Evasion", "Effects/Data Destruction"] : ["TTPs/Defense Evasion"];
}

function productFields(finding: ExportFinding): Record<string, string> {
  const fields: Record<string, string> = { "TrailProof/Type": finding.type };
  if (finding.trail) fields["TrailProof/TrailArn"] = finding.trail.arn;
  switch (finding.type) {
    case "check":
      fields["TrailProof/CheckId"] = finding.checkId;
      fields["TrailProof/ScanId"] = finding.scanId;
      fields["TrailProof/Evidence"] = clip(JSON.stringify(finding.evidence), 2048);
      break;
    case "file":
      Object.assign(fields, { "TrailProof/FileKind": finding.kind, "TrailProof/FileStatus": finding.status, "TrailProof/S3Uri": clip(finding.s3.uri, 2048), "TrailProof/ValidationRunId": finding.runId });
      if (finding.expectedHash) fields["TrailProof/ExpectedSha256"] = finding.expectedHash;
      if (finding.actualHash) fields["TrailProof/ActualSha256"] = finding.actualHash;
      if (finding.digestUri) fields["TrailProof/DigestS3Uri"] = clip(finding.digestUri, 2048);
      break;
    case "integrity":
      Object.assign(fields, { "TrailProof/FindingKind": finding.kind, "TrailProof/ValidationRunId": finding.runId });
      if (finding.s3Uri) fields["TrailProof/S3Uri"] = clip(finding.s3Uri, 2048);
      if (finding.fromTime) fields["TrailProof/FromTime"] = finding.fromTime.toISOString();
      if (finding.toTime) fields["TrailProof/ToTime"] = finding.toTime.toISOString();
      break;
  }
  return fields;
}

/** One finding in ASFF. `defaultRegion`: the Security Hub region of a finding that has none (a check with no trail). */
export function toAsff(finding: ExportFinding, defaultRegion: string): AsffFinding {
  const region = finding.region ?? defaultRegion;
  const partition = partitionOf(finding.trail?.arn);
  const account = finding.accountId;
  const resources = [
    ...(finding.trail ? [trailResource(finding.trail)] : []),
    ...(finding.type === "file" ? s3Resources(finding.s3.uri, region, partition) : finding.type === "integrity" && finding.s3Uri ? s3Resources(finding.s3Uri, region, partition) : []),
    accountResource(account, partition),
  ];
  const suppressed = finding.workflowStatus === "suppressed";
  return {
    SchemaVersion: "2018-10-08",
    Id: finding.id,
    ProductArn: `arn:${partition}:securityhub:${region}:${account}:product/${account}/default`,
    ProductName: "TrailProof",
    CompanyName: "TrailProof",
    Region: region,
    GeneratorId: finding.type === "check" ? `trailproof-check/${finding.checkId}` : finding.type === "file" ? `trailproof-integrity/file-${finding.status}` : `trailproof-integrity/${finding.kind}`,
    AwsAccountId: account,
    Types: typesOf(finding),
    FirstObservedAt: finding.firstObservedAt.toISOString(),
    LastObservedAt: finding.lastObservedAt.toISOString(),
    CreatedAt: finding.firstObservedAt.toISOString(),
    UpdatedAt: finding.lastObservedAt.toISOString(),
    Severity: { Label: SEVERITY_LABEL[finding.severity], Original: finding.severity },
    Title: clip(finding.title, TITLE_MAX),
    Description: clip(finding.description, DESCRIPTION_MAX),
    ...(finding.type === "check" && finding.remediation
      ? { Remediation: { Recommendation: { Text: clip(finding.remediation, RECOMMENDATION_MAX), ...(finding.references.docs?.[0] ? { Url: finding.references.docs[0] } : {}) } } }
      : {}),
    ProductFields: productFields(finding),
    Resources: resources,
    ...(finding.type === "check"
      ? {
          Compliance: {
            Status: "FAILED",
            ...(requirementsOf(finding).length ? { RelatedRequirements: requirementsOf(finding) } : {}),
            ...(finding.references.securityHub?.[0] ? { SecurityControlId: finding.references.securityHub[0] } : {}),
          },
        }
      : {}),
    Workflow: { Status: suppressed ? "SUPPRESSED" : "NEW" },
    RecordState: "ACTIVE",
  };
}

/** One import file per account, region and hundred findings, in a stable order: `aws securityhub batch-import-findings` takes each whole. */
export function asffBatches(findings: AsffFinding[]): { accountId: string; region: string; part: number; findings: AsffFinding[] }[] {
  const groups = new Map<string, AsffFinding[]>();
  for (const finding of findings) {
    const key = `${finding.AwsAccountId} ${finding.Region}`;
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([key, group]) => {
      const [accountId, region] = key.split(" ") as [string, string];
      return Array.from({ length: Math.ceil(group.length / ASFF_BATCH_SIZE) }, (_, i) => ({ accountId, region, part: i + 1, findings: group.slice(i * ASFF_BATCH_SIZE, (i + 1) * ASFF_BATCH_SIZE) }));
    });
}
