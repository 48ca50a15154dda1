import { defineCheck } from "@/lib/core/checks/define-check";

export const multiRegion = defineCheck(
  {
    id: "multi_region",
    label: "Multi-region",
    title: "Trail is multi-region and logging",
    severity: "critical",
    rationale:
      "A single-region trail leaves activity in every other region unrecorded, which is where an intruder goes; a multi-region trail also covers regions enabled later.",
    remediation:
      "CloudTrail console → Trails → select the trail → General details → Edit → turn on multi-region (the console's default); or `aws cloudtrail update-trail --name <trail-arn> --is-multi-region-trail` then `aws cloudtrail start-logging --name <trail-arn>`.",
    references: {
      cis: ["CIS AWS Foundations 1.5.0 3.1"],
      securityHub: ["CloudTrail.1"],
      prowler: ["cloudtrail_multi_region_enabled"],
      docs: [
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
      ],
    },
  },
  ({ snapshot, verdict }) => {
    const { name, isMultiRegionTrail } = snapshot;
    // A single-region trail fails whatever its status says, so an unreadable status only matters when it decides.
    if (!isMultiRegionTrail) {
      return verdict.fail(`Trail ${name} is a single-region trail (IsMultiRegionTrail false).`, {
        IsMultiRegionTrail: false,
      });
    }
    if (!snapshot.status.ok) return verdict.unreadable("the trail status", snapshot.status.error);
    const isLogging = snapshot.status.value.isLogging;
    const evidence = { IsMultiRegionTrail: true, "GetTrailStatus.IsLogging": isLogging };
    return isLogging
      ? verdict.pass(`Trail ${name} is multi-region and logging.`, evidence)
      : verdict.fail(`Trail ${name} is multi-region but not logging (GetTrailStatus IsLogging false).`, evidence);
  },
);
