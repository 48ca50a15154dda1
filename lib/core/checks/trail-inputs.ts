import type { Bucket, KmsKey, LogGroup, Read, TrailSnapshot } from "@/lib/core/checks/snapshot";
import type { CheckResult } from "@/lib/core/checks/types";
import type { Verdicts } from "@/lib/core/checks/verdicts";

// The optional resources a trail points at (KMS key, log group, bucket), resolved once for every check that needs
// them. The trail's own field (KmsKeyId, CloudWatchLogsLogGroupArn, S3BucketName) is the source of truth for
// whether there is one: a named resource whose reads were never collected must not pass as "absent", and a
// resource we could not read becomes an error, never a fail.

export type Lookup<T> =
  | { state: "absent" }
  | { state: "found"; value: T }
  | { state: "unknown"; result: CheckResult };

function lookUp<T>(
  verdict: Verdicts,
  named: { field: string; value: string | null; what: string; missingInput: string },
  collected: Read<T> | null,
): Lookup<T> {
  if (named.value === null) return { state: "absent" };
  if (collected === null) {
    return {
      state: "unknown",
      result: verdict.error(
        `The trail names ${named.what} ${named.value} but the scan collected no ${named.missingInput} for it.`,
        { [named.field]: named.value, missingInput: named.missingInput },
      ),
    };
  }
  if (!collected.ok) {
    return { state: "unknown", result: verdict.unreadable(`${named.what} ${named.value}`, collected.error) };
  }
  return { state: "found", value: collected.value };
}

export function lookUpKmsKey(snapshot: TrailSnapshot, verdict: Verdicts): Lookup<KmsKey> {
  return lookUp(
    verdict,
    { field: "KmsKeyId", value: snapshot.kmsKeyId, what: "KMS key", missingInput: "kms:DescribeKey result" },
    snapshot.kmsKey,
  );
}

/** found with value null: the trail names a log group that does not exist. */
function lookUpLogGroup(snapshot: TrailSnapshot, verdict: Verdicts): Lookup<LogGroup | null> {
  return lookUp(
    verdict,
    {
      field: "CloudWatchLogsLogGroupArn",
      value: snapshot.cloudWatchLogsLogGroupArn,
      what: "CloudWatch Logs group",
      missingInput: "logs:DescribeLogGroups result",
    },
    snapshot.logGroup,
  );
}

/** The bucket's own reads are separate Reads; this only tells whether the collector looked at the bucket at all. */
export function lookUpBucket(snapshot: TrailSnapshot, verdict: Verdicts): Lookup<Bucket> {
  const bucket = snapshot.bucket;
  return lookUp(
    verdict,
    { field: "S3BucketName", value: snapshot.s3BucketName, what: "S3 bucket", missingInput: "bucket settings" },
    bucket === null ? null : { ok: true, value: bucket },
  );
}

/** Evidence naming the bucket and its owner, shared by the bucket checks (the owner is often a log-archive account). */
export function bucketEvidence(bucket: Bucket): Record<string, unknown> {
  return { S3BucketName: bucket.name, bucketOwnerAccountId: bucket.ownerAccountId };
}

export type LogGroupInput =
  | { state: "unknown"; result: CheckResult }
  /** No group to look at (none named, or the named one does not exist): each check decides what that means. */
  | { state: "none"; reason: string; evidence: Record<string, unknown> }
  | { state: "found"; value: LogGroup };

export function lookUpExistingLogGroup(snapshot: TrailSnapshot, verdict: Verdicts): LogGroupInput {
  const group = lookUpLogGroup(snapshot, verdict);
  const arn = snapshot.cloudWatchLogsLogGroupArn;
  if (group.state === "unknown") return group;
  if (group.state === "absent") {
    return {
      state: "none",
      reason: `Trail ${snapshot.name} delivers to no CloudWatch Logs group (CloudWatchLogsLogGroupArn empty).`,
      evidence: { CloudWatchLogsLogGroupArn: null },
    };
  }
  if (group.value === null) {
    return {
      state: "none",
      reason: `The CloudWatch Logs group ${arn} named by trail ${snapshot.name} does not exist.`,
      evidence: { CloudWatchLogsLogGroupArn: arn, "DescribeLogGroups.logGroups": [] },
    };
  }
  return { state: "found", value: group.value };
}
