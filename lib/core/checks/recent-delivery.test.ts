import { describeCheck } from "@/lib/core/checks/check-cases";
import { recentDelivery } from "@/lib/core/checks/recent-delivery";
import { compliantSnapshot, denied, NOW, snapshotWith } from "@/lib/core/checks/snapshot-fixtures";

const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();

describeCheck(recentDelivery, [
  {
    label: "delivered five minutes ago",
    snapshot: compliantSnapshot(),
    status: "pass",
    evidence: {
      "GetTrailStatus.LatestDeliveryTime": "2025-03-01T11:55:00.000Z",
      "GetTrailStatus.LatestDeliveryError": null,
      evaluatedAt: NOW.toISOString(),
    },
  },
  {
    label: "delivered exactly 24 h ago",
    snapshot: snapshotWith({ status: { latestDeliveryTime: hoursBefore(24) } }),
    status: "pass",
  },
  {
    label: "delivered 25 h ago",
    snapshot: snapshotWith({ status: { latestDeliveryTime: hoursBefore(25) } }),
    status: "fail",
    reason: "25 hours before 2025-03-01T12:00:00.000Z",
  },
  {
    label: "the scan clock, not the wall clock, decides",
    snapshot: compliantSnapshot(),
    now: new Date("2025-03-04T12:00:00.000Z"),
    status: "fail",
  },
  {
    label: "recent delivery but an error reported",
    snapshot: snapshotWith({ status: { latestDeliveryError: "AccessDenied" } }),
    status: "fail",
    reason: "delivery error for trail main-trail: AccessDenied",
  },
  {
    label: "never delivered",
    snapshot: snapshotWith({ status: { latestDeliveryTime: null } }),
    status: "fail",
    reason: "CloudTrail reports no log delivery to S3",
  },
  {
    label: "stopped trail",
    snapshot: snapshotWith({ status: { isLogging: false } }),
    status: "fail",
    reason: "is not logging",
  },
  {
    label: "status unreadable",
    snapshot: snapshotWith({ trail: { status: denied("cloudtrail:GetTrailStatus") } }),
    status: "error",
    evidence: { failedCall: "cloudtrail:GetTrailStatus" },
  },
  {
    label: "delivery time that is not a timestamp",
    snapshot: snapshotWith({ status: { latestDeliveryTime: "yesterday" } }),
    status: "error",
    reason: "is not a timestamp",
  },
]);
