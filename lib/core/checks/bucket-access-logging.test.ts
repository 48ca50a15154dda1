import { bucketAccessLogging } from "@/lib/core/checks/bucket-access-logging";
import { describeCheck } from "@/lib/core/checks/check-cases";
import { compliantSnapshot, denied, LOG_ARCHIVE_ACCOUNT, ok, snapshotWith } from "@/lib/core/checks/snapshot-fixtures";

describeCheck(bucketAccessLogging, [
  {
    label: "server access logging on",
    snapshot: compliantSnapshot(),
    status: "pass",
    evidence: { "GetBucketLogging.LoggingEnabled.TargetBucket": "access-logs" },
  },
  {
    label: "server access logging off",
    snapshot: snapshotWith({ bucket: { logging: ok(null) } }),
    status: "fail",
    reason: "LoggingEnabled absent",
    evidence: { "GetBucketLogging.LoggingEnabled": null },
  },
  {
    label: "cross-account bucket unreadable",
    snapshot: snapshotWith({
      bucket: { ownerAccountId: LOG_ARCHIVE_ACCOUNT, logging: denied("s3:GetBucketLogging") },
    }),
    status: "error",
    evidence: { failedCall: "s3:GetBucketLogging" },
  },
  {
    label: "trail names no bucket",
    snapshot: snapshotWith({ trail: { s3BucketName: null, bucket: null } }),
    status: "not_applicable",
  },
]);
