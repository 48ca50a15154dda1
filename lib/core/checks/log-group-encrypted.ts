import { defineCheck } from "@/lib/core/checks/define-check";
import { lookUpExistingLogGroup } from "@/lib/core/checks/trail-inputs";

export const logGroupEncrypted = defineCheck(
  {
    id: "log_group_encrypted",
    label: "Log group encrypted",
    title: "The trail delivers to a CloudWatch Logs group encrypted with KMS",
    severity: "medium",
    rationale:
      "CloudWatch Logs gives real-time alarms on trail events (CIS section 4 builds on it); once there, the events deserve the same KMS protection as the S3 copy, or anyone with logs:GetLogEvents reads them.",
    remediation:
      "Without a log group: CloudTrail console → Trails → select the trail → CloudWatch Logs → Edit → Enabled; or `aws cloudtrail update-trail --name <trail-arn> --cloud-watch-logs-log-group-arn <log-group-arn> --cloud-watch-logs-role-arn <role-arn>`. Then encrypt it: `aws logs associate-kms-key --log-group-name <log-group-name> --kms-key-id <key-arn>` (the key policy must allow logs.<region>.amazonaws.com).",
    references: {
      cis: ["CIS AWS Foundations 1.5.0 3.4"],
      securityHub: ["CloudTrail.5"],
      prowler: ["cloudtrail_cloudwatch_logging_enabled", "cloudwatch_log_group_kms_encryption_enabled"],
      docs: [
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
      ],
    },
  },
  ({ snapshot, verdict }) => {
    const group = lookUpExistingLogGroup(snapshot, verdict);
    if (group.state === "unknown") return group.result;
    if (group.state === "none") return verdict.fail(group.reason, group.evidence);
    const { name, kmsKeyId } = group.value;
    const evidence = {
      CloudWatchLogsLogGroupArn: snapshot.cloudWatchLogsLogGroupArn,
      "DescribeLogGroups.logGroupName": name,
      "DescribeLogGroups.kmsKeyId": kmsKeyId,
    };
    return kmsKeyId === null
      ? verdict.fail(`CloudWatch Logs group ${name} is not encrypted with a KMS key (kmsKeyId empty).`, evidence)
      : verdict.pass(`CloudWatch Logs group ${name} is encrypted with KMS key ${kmsKeyId}.`, evidence);
  },
);
