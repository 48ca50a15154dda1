import { defineCheck } from "@/lib/core/checks/define-check";

export const logFileValidation = defineCheck(
  {
    id: "log_file_validation",
    label: "Log file validation",
    title: "Log file integrity validation is enabled",
    severity: "high",
    rationale:
      "Without signed hourly digests nobody can prove later that a log file was not altered or deleted after delivery.",
    remediation:
      "CloudTrail console → Trails → select the trail → General details → Edit → Log file validation: Enabled; or `aws cloudtrail update-trail --name <trail-arn> --enable-log-file-validation`.",
    references: {
      cis: ["CIS AWS Foundations 1.5.0 3.2"],
      securityHub: ["CloudTrail.4"],
      prowler: ["cloudtrail_log_file_validation_enabled"],
      docs: ["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-enabling.html"],
    },
  },
  ({ snapshot, verdict }) => {
    const enabled = snapshot.logFileValidationEnabled;
    const reason = `Trail ${snapshot.name} has log file validation ${enabled ? "enabled" : "disabled"}`;
    const evidence = { LogFileValidationEnabled: enabled };
    return enabled
      ? verdict.pass(`${reason} (LogFileValidationEnabled true).`, evidence)
      : verdict.fail(`${reason} (LogFileValidationEnabled false).`, evidence);
  },
);
