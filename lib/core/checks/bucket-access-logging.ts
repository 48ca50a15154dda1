import { defineBucketCheck } from "@/lib/core/checks/define-bucket-check";
import { bucketEvidence } from "@/lib/core/checks/trail-inputs";

export const bucketAccessLogging = defineBucketCheck(
  {
    id: "bucket_access_logging",
    label: "Bucket access logs",
    title: "The trail bucket has server access logging",
    severity: "low",
    rationale:
      "CloudTrail records who changed the bucket, not who read or deleted the log objects in it; server access logs do, which matters when the logs themselves are the target.",
    remediation:
      "S3 console → the trail bucket → Properties → Server access logging → Edit → Enable, with a target bucket other than the trail bucket; or `aws s3api put-bucket-logging --bucket <bucket> --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"<access-log-bucket>\",\"TargetPrefix\":\"<bucket>/\"}}'`.",
    references: {
      cis: ["CIS AWS Foundations 1.5.0 3.6"],
      securityHub: ["CloudTrail.7"],
      prowler: ["cloudtrail_logs_s3_bucket_access_logging_enabled"],
      docs: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html"],
    },
  },
  ({ bucket, verdict }) => {
    if (!bucket.logging.ok) {
      return verdict.unreadable(`the server access logging of bucket ${bucket.name}`, bucket.logging.error);
    }
    const target = bucket.logging.value;
    if (target === null) {
      return verdict.fail(`Bucket ${bucket.name} has no server access logging (LoggingEnabled absent).`, {
        ...bucketEvidence(bucket),
        "GetBucketLogging.LoggingEnabled": null,
      });
    }
    return verdict.pass(
      `Bucket ${bucket.name} logs server access to s3://${target.targetBucket}/${target.targetPrefix}.`,
      {
        ...bucketEvidence(bucket),
        "GetBucketLogging.LoggingEnabled.TargetBucket": target.targetBucket,
        "GetBucketLogging.LoggingEnabled.TargetPrefix": target.targetPrefix,
      },
    );
  },
);
