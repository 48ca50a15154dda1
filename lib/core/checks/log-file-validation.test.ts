import { describeCheck } from "@/lib/core/checks/check-cases";
import { logFileValidation } from "@/lib/core/checks/log-file-validation";
import { compliantSnapshot, denied, snapshotWith } from "@/lib/core/checks/snapshot-fixtures";

describeCheck(logFileValidation, [
  {
    label: "validation enabled",
    snapshot: compliantSnapshot(),
    status: "pass",
    evidence: { LogFileValidationEnabled: true },
  },
  {
    label: "validation disabled",
    snapshot: snapshotWith({ trail: { logFileValidationEnabled: false } }),
    status: "fail",
    reason: "LogFileValidationEnabled false",
    evidence: { LogFileValidationEnabled: false },
  },
  {
    label: "DescribeTrails alone decides: an unreadable status does not matter",
    snapshot: snapshotWith({ trail: { status: denied("cloudtrail:GetTrailStatus") } }),
    status: "pass",
  },
]);
