import { describeCheck } from "@/lib/core/checks/check-cases";
import { loggingEnabled } from "@/lib/core/checks/logging-enabled";
import { compliantSnapshot, denied, snapshotWith, TRAIL_ACCOUNT } from "@/lib/core/checks/snapshot-fixtures";

describeCheck(loggingEnabled, [
  {
    label: "logging",
    snapshot: compliantSnapshot(),
    status: "pass",
    evidence: { "GetTrailStatus.IsLogging": true },
  },
  {
    label: "organization trail seen from a member account",
    snapshot: snapshotWith({ trail: { isOrganizationTrail: true } }),
    status: "pass",
  },
  {
    label: "stopped",
    snapshot: snapshotWith({ status: { isLogging: false } }),
    status: "fail",
    reason: "IsLogging false",
    evidence: { "GetTrailStatus.IsLogging": false },
  },
  {
    label: "status throttled",
    snapshot: snapshotWith({
      trail: { status: denied("cloudtrail:GetTrailStatus", TRAIL_ACCOUNT, "ThrottlingException") },
    }),
    status: "error",
    reason: "Could not read the trail status: cloudtrail:GetTrailStatus ThrottlingException:",
    evidence: { errorCode: "ThrottlingException" },
  },
]);
