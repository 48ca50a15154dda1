import { describeCheck } from "@/lib/core/checks/check-cases";
import { logGroupRetention } from "@/lib/core/checks/log-group-retention";
import { compliantSnapshot, denied, ok, snapshotWith } from "@/lib/core/checks/snapshot-fixtures";

describeCheck(logGroupRetention, [
  {
    label: "exactly 365 days",
    snapshot: compliantSnapshot(),
    status: "pass",
    evidence: { "DescribeLogGroups.retentionInDays": 365 },
  },
  {
    label: "ten years",
    snapshot: snapshotWith({ logGroup: { retentionInDays: 3653 } }),
    status: "pass",
  },
  {
    label: "never expire",
    snapshot: snapshotWith({ logGroup: { retentionInDays: null } }),
    status: "pass",
    reason: "never expires",
    evidence: { "DescribeLogGroups.retentionInDays": null },
  },
  {
    label: "180 days",
    snapshot: snapshotWith({ logGroup: { retentionInDays: 180 } }),
    status: "fail",
    reason: "only 180 days",
  },
  {
    label: "no log group",
    snapshot: snapshotWith({ trail: { cloudWatchLogsLogGroupArn: null, logGroup: null } }),
    status: "not_applicable",
  },
  {
    label: "log group named but not found",
    snapshot: snapshotWith({ trail: { logGroup: ok(null) } }),
    status: "not_applicable",
    reason: "does not exist",
  },
  {
    label: "log group unreadable",
    snapshot: snapshotWith({ trail: { logGroup: denied("logs:DescribeLogGroups") } }),
    status: "error",
    evidence: { failedCall: "logs:DescribeLogGroups" },
  },
]);
