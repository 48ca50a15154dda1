import type { Severity } from "@/lib/core/checks/types";
import type { ExportFinding, ExportTrail } from "@/lib/services/export/export-model";
import { isTampering } from "@/lib/services/export/integrity-severity";
import { requirementsOf } from "@/lib/services/export/csv-format";

// OCSF 1.8.0 (the newest released 1.x, ocsf/ocsf-schema tag 1.8.0): a failing check is a Compliance Finding (class
// 2003), an integrity problem a Detection Finding (class 2004), both in the Findings category (2) with the cloud
// profile. Times are OCSF timestamps: milliseconds since the epoch, UTC. lib/services/export/schemas/ holds the JSON
// Schema the tests validate these events against.

export const OCSF_VERSION = "1.8.0";

type OcsfEvent = Record<string, unknown>;

const SEVERITY: Record<Severity, { id: number; caption: string }> = {
  informational: { id: 1, caption: "Informational" },
  low: { id: 2, caption: "Low" },
  medium: { id: 3, caption: "Medium" },
  high: { id: 4, caption: "High" },
  critical: { id: 5, caption: "Critical" },
};

const CLASSES = {
  check: { uid: 2003, name: "Compliance Finding" },
  integrity: { uid: 2004, name: "Detection Finding" },
} as const;

const ms = (date: Date) => date.getTime();

function trailResource(trail: ExportTrail) {
  return { uid: trail.arn, name: trail.name, type: "AWS::CloudTrail::Trail", region: trail.homeRegion, cloud_partition: trail.arn.split(":")[1] || "aws" };
}

function s3Resource(uri: string, region: string | null) {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (!match) return [];
  const [, bucket, key] = match;
  const folder = !key || key.endsWith("/");
  return [{ uid: folder ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`, name: folder ? bucket : key, type: folder ? "AWS::S3::Bucket" : "AWS::S3::Object", ...(region ? { region } : {}) }];
}

function resourcesOf(finding: ExportFinding) {
  const trail = finding.trail ? [trailResource(finding.trail)] : [];
  const s3 = finding.type === "file" ? s3Resource(finding.s3.uri, finding.region) : finding.type === "integrity" && finding.s3Uri ? s3Resource(finding.s3Uri, finding.region) : [];
  const account = finding.trail ? [] : [{ uid: finding.accountId, type: "AWS::::Account" }];
  return [...trail, ...s3, ...account];
}

function findingTypes(finding: ExportFinding): string[] {
  if (finding.type === "check") return ["CloudTrail configuration"];
  return [isTampering(finding) ? "CloudTrail log tampering" : "CloudTrail log integrity not proven", finding.type === "file" ? `file ${finding.status}` : finding.kind];
}

/** One finding as an OCSF event; `productVersion` is TrailProof's. */
export function toOcsf(finding: ExportFinding, productVersion: string): OcsfEvent {
  const klass = finding.type === "check" ? CLASSES.check : CLASSES.integrity;
  const severity = SEVERITY[finding.severity];
  const suppressed = finding.workflowStatus === "suppressed";
  const event: OcsfEvent = {
    activity_id: 1,
    activity_name: "Create",
    category_uid: 2,
    category_name: "Findings",
    class_uid: klass.uid,
    class_name: klass.name,
    type_uid: klass.uid * 100 + 1,
    type_name: `${klass.name}: Create`,
    severity_id: severity.id,
    severity: severity.caption,
    time: ms(finding.lastObservedAt),
    message: finding.description,
    status_id: suppressed ? 3 : 1,
    status: suppressed ? "Suppressed" : "New",
    metadata: {
      version: OCSF_VERSION,
      product: { name: "TrailProof", vendor_name: "TrailProof", version: productVersion },
      profiles: ["cloud"],
    },
    cloud: {
      provider: "AWS",
      ...(finding.region ? { region: finding.region } : {}),
      account: { uid: finding.accountId, type_id: 10, type: "AWS Account" },
    },
    finding_info: {
      uid: finding.id,
      title: finding.title,
      desc: finding.description,
      types: findingTypes(finding),
      created_time: ms(finding.firstObservedAt),
      first_seen_time: ms(finding.firstObservedAt),
      last_seen_time: ms(finding.lastObservedAt),
      modified_time: ms(finding.lastObservedAt),
      analytic:
        finding.type === "check"
          ? { uid: finding.checkId, name: finding.title, type_id: 1, type: "Rule" }
          : { uid: finding.type === "file" ? `file-${finding.status}` : finding.kind, name: finding.type === "file" ? `CloudTrail ${finding.kind} file ${finding.status}` : finding.kind, type_id: 1, type: "Rule" },
    },
    resources: resourcesOf(finding),
  };
  if (finding.type === "check") {
    event.compliance = {
      control: finding.checkId,
      ...(finding.references.cis?.length ? { standards: [...new Set(finding.references.cis.map((item) => item.replace(/ [\d.]+$/, "").replace(/^CIS AWS Foundations (\S+)$/, "CIS AWS Foundations Benchmark v$1")))] } : {}),
      requirements: requirementsOf(finding),
      status_id: 3,
      status: "Fail",
      status_detail: finding.reason,
    };
    if (finding.remediation) event.remediation = { desc: finding.remediation, ...(finding.references.docs?.length ? { references: finding.references.docs } : {}) };
    event.unmapped = { evidence: finding.evidence, scan_id: finding.scanId };
  } else {
    event.is_alert = isTampering(finding);
    event.unmapped =
      finding.type === "file"
        ? { s3_uri: finding.s3.uri, file_kind: finding.kind, file_status: finding.status, reason: finding.reason, expected_sha256: finding.expectedHash, actual_sha256: finding.actualHash, file_time: finding.fileTime.toISOString(), digest_s3_uri: finding.digestUri, validation_run_id: finding.runId }
        : { s3_uri: finding.s3Uri, kind: finding.kind, from_time: finding.fromTime?.toISOString() ?? null, to_time: finding.toTime?.toISOString() ?? null, validation_run_id: finding.runId };
  }
  return event;
}
