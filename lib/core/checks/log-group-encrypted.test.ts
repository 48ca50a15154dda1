import { describeCheck } from "@/lib/core/checks/check-cases";
import { logGroupEncrypted } from "@/lib/core/checks/log-group-encrypted";
import {
  compliantSnapshot,
  denied,
  KEY_ARN,
  LOG_GROUP_ARN,
  ok,
  snapshotWith,
} from "@/lib/core/checks/snapshot-fixtures";

describeCheck(logGroupEncrypted, [
  {
    label: "log group encrypted",
    snapshot: compliantSnapshot(),
    status: "pass",
    evidence: { CloudWatchLogsLogGroupArn: LOG_GROUP_ARN, "DescribeLogGroups.kmsKeyId": KEY_ARN },
  },
  {
    label: "log group without a KMS key",
    snapshot: snapshotWith({ logGroup: { kmsKeyId: null } }),
    status: "fail",
    reason: "kmsKeyId empty",
    evidence: { "DescribeLogGroups.kmsKeyId": null },
  },
  {
    label: "no log group at all",
    snapshot: snapshotWith({ trail: { cloudWatchLogsLogGroupArn: null, logGroup: null } }),
    status: "fail",
    reason: "delivers to no CloudWatch Logs group",
    evidence: { CloudWatchLogsLogGroupArn: null },
  },
  {
    label: "log group named but not found",
    snapshot: snapshotWith({ trail: { logGroup: ok(null) } }),
    status: "fail",
    reason: "does not exist",
    evidence: { CloudWatchLogsLogGroupArn: LOG_GROUP_ARN, "DescribeLogGroups.logGroups": [] },
  },
  {
    label: "log group unreadable",
    snapshot: snapshotWith({ trail: { logGroup: denied("logs:DescribeLogGroups") } }),
    status: "error",
    reason: `Could not read CloudWatch Logs group ${LOG_GROUP_ARN}: logs:DescribeLogGroups AccessDenied:`,
  },
  {
    label: "log group named but never collected",
    snapshot: snapshotWith({ trail: { logGroup: null } }),
    status: "error",
    evidence: { missingInput: "logs:DescribeLogGroups result" },
  },
]);
