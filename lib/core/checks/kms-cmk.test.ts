import { describeCheck } from "@/lib/core/checks/check-cases";
import { kmsCmk } from "@/lib/core/checks/kms-cmk";
import {
  AWS_MANAGED_KEY_ARN,
  compliantSnapshot,
  denied,
  KEY_ARN,
  LOG_ARCHIVE_ACCOUNT,
  snapshotWith,
} from "@/lib/core/checks/snapshot-fixtures";

describeCheck(kmsCmk, [
  {
    label: "customer-managed key, Enabled",
    snapshot: compliantSnapshot(),
    status: "pass",
    evidence: {
      KmsKeyId: KEY_ARN,
      "DescribeKey.KeyMetadata.KeyManager": "CUSTOMER",
      "DescribeKey.KeyMetadata.KeyState": "Enabled",
    },
  },
  {
    label: "organization trail, same verdict",
    snapshot: snapshotWith({ trail: { isOrganizationTrail: true } }),
    status: "pass",
  },
  {
    label: "no key: SSE-S3 only",
    snapshot: snapshotWith({ trail: { kmsKeyId: null, kmsKey: null } }),
    status: "fail",
    reason: "KmsKeyId empty",
    evidence: { KmsKeyId: null },
  },
  {
    label: "AWS-managed key: a key id alone proves nothing",
    snapshot: snapshotWith({
      trail: { kmsKeyId: AWS_MANAGED_KEY_ARN },
      key: { arn: AWS_MANAGED_KEY_ARN, keyManager: "AWS", rotation: null },
    }),
    status: "fail",
    reason: "KeyManager AWS",
    evidence: { "DescribeKey.KeyMetadata.KeyManager": "AWS" },
  },
  {
    label: "customer-managed key that exists but is Disabled",
    snapshot: snapshotWith({ key: { keyState: "Disabled" } }),
    status: "fail",
    reason: "KeyState Disabled",
    evidence: { "DescribeKey.KeyMetadata.KeyState": "Disabled" },
  },
  {
    label: "customer-managed key pending deletion",
    snapshot: snapshotWith({ key: { keyState: "PendingDeletion" } }),
    status: "fail",
    reason: "KeyState PendingDeletion",
  },
  {
    label: "DescribeKey denied (key in another account): error, never a false fail",
    snapshot: snapshotWith({ trail: { kmsKey: denied("kms:DescribeKey", LOG_ARCHIVE_ACCOUNT) } }),
    status: "error",
    reason: `Could not read KMS key ${KEY_ARN}: kms:DescribeKey AccessDenied:`,
    evidence: { failedCall: "kms:DescribeKey", accountId: LOG_ARCHIVE_ACCOUNT },
  },
  {
    label: "key named but DescribeKey never collected",
    snapshot: snapshotWith({ trail: { kmsKey: null } }),
    status: "error",
    reason: "no kms:DescribeKey result",
    evidence: { KmsKeyId: KEY_ARN, missingInput: "kms:DescribeKey result" },
  },
]);
