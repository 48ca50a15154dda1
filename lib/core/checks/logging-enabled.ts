import { defineCheck } from "@/lib/core/checks/define-check";

export const loggingEnabled = defineCheck(
  {
    id: "logging_enabled",
    label: "Logging on",
    title: "Trail is logging",
    severity: "critical",
    rationale:
      "A stopped trail records nothing: every other setting is moot, and StopLogging is the first thing an intruder tries.",
    remediation:
      "CloudTrail console → Trails → select the trail → Start logging; or `aws cloudtrail start-logging --name <trail-arn>` in the trail's home region.",
    references: {
      cis: ["CIS AWS Foundations 1.5.0 3.1"],
      securityHub: ["CloudTrail.1"],
      prowler: ["cloudtrail_multi_region_enabled"],
      docs: ["https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html"],
    },
  },
  ({ snapshot, verdict }) => {
    if (!snapshot.status.ok) return verdict.unreadable("the trail status", snapshot.status.error);
    const isLogging = snapshot.status.value.isLogging;
    const evidence = { "GetTrailStatus.IsLogging": isLogging };
    return isLogging
      ? verdict.pass(`Trail ${snapshot.name} is logging (GetTrailStatus IsLogging true).`, evidence)
      : verdict.fail(`Trail ${snapshot.name} is not logging (GetTrailStatus IsLogging false).`, evidence);
  },
);
