import { describeCheck } from "@/lib/core/checks/check-cases";
import { multiRegion } from "@/lib/core/checks/multi-region";
import { compliantSnapshot, denied, snapshotWith, TRAIL_ACCOUNT } from "@/lib/core/checks/snapshot-fixtures";

describeCheck(multiRegion, [
  {
    label: "multi-region and logging",
    snapshot: compliantSnapshot(),
    status: "pass",
    evidence: { IsMultiRegionTrail: true, "GetTrailStatus.IsLogging": true },
  },
  {
    label: "organization trail, same verdict",
    snapshot: snapshotWith({ trail: { isOrganizationTrail: true } }),
    status: "pass",
  },
  {
    label: "single-region trail",
    snapshot: snapshotWith({ trail: { isMultiRegionTrail: false } }),
    status: "fail",
    reason: "IsMultiRegionTrail false",
    evidence: { IsMultiRegionTrail: false },
  },
  {
    label: "multi-region but stopped",
    snapshot: snapshotWith({ status: { isLogging: false } }),
    status: "fail",
    reason: "not logging",
    evidence: { IsMultiRegionTrail: true, "GetTrailStatus.IsLogging": false },
  },
  {
    label: "multi-region, status unreadable",
    snapshot: snapshotWith({ trail: { status: denied("cloudtrail:GetTrailStatus") } }),
    status: "error",
    reason:
      "Could not read the trail status: cloudtrail:GetTrailStatus AccessDenied: not authorized to perform cloudtrail:GetTrailStatus",
    evidence: {
      failedCall: "cloudtrail:GetTrailStatus",
      errorCode: "AccessDenied",
      errorMessage: "not authorized to perform cloudtrail:GetTrailStatus",
      accountId: TRAIL_ACCOUNT,
    },
  },
  {
    label: "single-region with status unreadable is still a definite fail",
    snapshot: snapshotWith({
      trail: { isMultiRegionTrail: false, status: denied("cloudtrail:GetTrailStatus") },
    }),
    status: "fail",
  },
]);
