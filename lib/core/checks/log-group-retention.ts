import { defineCheck } from "@/lib/core/checks/define-check";
import { lookUpExistingLogGroup } from "@/lib/core/checks/trail-inputs";

/** CIS and Security Hub CloudWatch.16 both take one year: long enough to investigate a breach found months later. */
export const MINIMUM_RETENTION_DAYS = 365;

export const logGroupRetention = defineCheck(
  {
    id: "log_group_retention",
    label: "Log group retention",
    title: `The trail's CloudWatch Logs group keeps events at least ${MINIMUM_RETENTION_DAYS} days`,
    severity: "low",
    rationale:
      "Breaches are often found months after the fact; a short retention deletes the searchable copy of the events before anyone looks. Never expire counts as compliant.",
    remediation:
      `CloudWatch console → Log groups → select the group → Actions → Edit retention setting → ` +
      `${MINIMUM_RETENTION_DAYS} days or more; or ` +
      `\`aws logs put-retention-policy --log-group-name <log-group-name> --retention-in-days ${MINIMUM_RETENTION_DAYS}\`.`,
    references: {
      securityHub: ["CloudWatch.16"],
      prowler: ["cloudwatch_log_group_retention_policy_specific_days_enabled"],
      docs: [
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
      ],
    },
  },
  ({ snapshot, verdict }) => {
    const group = lookUpExistingLogGroup(snapshot, verdict);
    if (group.state === "unknown") return group.result;
    // Without a group there is no retention to judge; log_group_encrypted already fails the trail for it.
    if (group.state === "none") return verdict.notApplicable(group.reason, group.evidence);
    const { name, retentionInDays } = group.value;
    const evidence = { "DescribeLogGroups.logGroupName": name, "DescribeLogGroups.retentionInDays": retentionInDays };
    if (retentionInDays === null) {
      return verdict.pass(`CloudWatch Logs group ${name} never expires events (retentionInDays not set).`, evidence);
    }
    return retentionInDays >= MINIMUM_RETENTION_DAYS
      ? verdict.pass(`CloudWatch Logs group ${name} keeps events ${retentionInDays} days.`, evidence)
      : verdict.fail(
          `CloudWatch Logs group ${name} keeps events only ${retentionInDays} days (minimum ${MINIMUM_RETENTION_DAYS}).`,
          evidence,
        );
  },
);
