import { describeCheck } from "@/lib/core/checks/check-cases";
import { kmsKeyRotation } from "@/lib/core/checks/kms-key-rotation";
import {
  AWS_MANAGED_KEY_ARN,
  compliantSnapshot,
  denied,
  KEY_ARN,
  ok,
  snapshotWith,
} from "@/lib/core/checks/snapshot-fixtures";

describeCheck(kmsKeyRotation, [
  {
    label: "customer-managed key rotates",
    snapshot: compliantSnapshot(),
    status: "pass",
    evidence: { "DescribeKey.KeyMetadata.Arn": KEY_ARN, "GetKeyRotationStatus.KeyRotationEnabled": true },
  },
  {
    label: "customer-managed key does not rotate",
    snapshot: snapshotWith({ key: { rotation: ok(false) } }),
    status: "fail",
    reason: "KeyRotationEnabled false",
    evidence: { "GetKeyRotationStatus.KeyRotationEnabled": false },
  },
  {
    label: "Disabled key still judged on rotation (kms_cmk covers its state)",
    snapshot: snapshotWith({ key: { keyState: "Disabled", rotation: ok(false) } }),
    status: "fail",
  },
  {
    label: "no key",
    snapshot: snapshotWith({ trail: { kmsKeyId: null, kmsKey: null } }),
    status: "not_applicable",
    reason: "names no KMS key",
  },
  {
    label: "AWS-managed key",
    snapshot: snapshotWith({
      trail: { kmsKeyId: AWS_MANAGED_KEY_ARN },
      key: { arn: AWS_MANAGED_KEY_ARN, keyManager: "AWS", rotation: null },
    }),
    status: "not_applicable",
    reason: "KeyManager AWS",
  },
  {
    label: "customer-managed key where rotation does not apply",
    snapshot: snapshotWith({ key: { rotation: null } }),
    status: "not_applicable",
  },
  {
    label: "rotation status unreadable",
    snapshot: snapshotWith({ key: { rotation: denied("kms:GetKeyRotationStatus") } }),
    status: "error",
    reason: `Could not read the rotation status of KMS key ${KEY_ARN}: kms:GetKeyRotationStatus AccessDenied:`,
  },
  {
    label: "key unreadable: cannot tell whether it is customer managed",
    snapshot: snapshotWith({ trail: { kmsKey: denied("kms:DescribeKey") } }),
    status: "error",
    evidence: { failedCall: "kms:DescribeKey" },
  },
]);
