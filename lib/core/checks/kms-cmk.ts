import { defineCheck } from "@/lib/core/checks/define-check";
import { lookUpKmsKey } from "@/lib/core/checks/trail-inputs";

export const kmsCmk = defineCheck(
  {
    id: "kms_cmk",
    label: "KMS customer key",
    title: "Log files are encrypted with an enabled customer-managed KMS key",
    severity: "high",
    rationale:
      "SSE-KMS with a customer-managed key makes reading the logs need kms:Decrypt under a key policy you control, on top of S3 access, and records every decryption. A key id alone proves nothing: only DescribeKey tells a customer-managed, enabled key from an AWS-managed or disabled one.",
    remediation:
      "Create or pick a customer-managed symmetric key whose policy lets cloudtrail.amazonaws.com GenerateDataKey*, then CloudTrail console → Trails → select the trail → Storage location → Edit → Log file SSE-KMS encryption; or `aws cloudtrail update-trail --name <trail-arn> --kms-key-id <customer-managed-key-arn>`. A disabled key: `aws kms enable-key --key-id <key-arn>`; one pending deletion: `aws kms cancel-key-deletion --key-id <key-arn>`.",
    references: {
      cis: ["CIS AWS Foundations 1.5.0 3.7"],
      securityHub: ["CloudTrail.2"],
      prowler: ["cloudtrail_kms_encryption_enabled"],
      docs: [
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
        "https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html",
      ],
    },
  },
  ({ snapshot, verdict }) => {
    const key = lookUpKmsKey(snapshot, verdict);
    if (key.state === "unknown") return key.result;
    if (key.state === "absent") {
      return verdict.fail(
        `Trail ${snapshot.name} names no KMS key (KmsKeyId empty), so its log files have SSE-S3 encryption only.`,
        { KmsKeyId: null },
      );
    }
    const { arn, keyManager, keyState } = key.value;
    const evidence = {
      KmsKeyId: snapshot.kmsKeyId,
      "DescribeKey.KeyMetadata.Arn": arn,
      "DescribeKey.KeyMetadata.KeyManager": keyManager,
      "DescribeKey.KeyMetadata.KeyState": keyState,
    };
    if (keyManager !== "CUSTOMER") {
      return verdict.fail(
        `KMS key ${arn} of trail ${snapshot.name} is AWS managed (KeyManager ${keyManager}).`,
        evidence,
      );
    }
    if (keyState !== "Enabled") {
      return verdict.fail(
        `KMS key ${arn} of trail ${snapshot.name} is customer managed but not usable (KeyState ${keyState}).`,
        evidence,
      );
    }
    return verdict.pass(
      `Trail ${snapshot.name} encrypts log files with customer-managed KMS key ${arn} (KeyState Enabled).`,
      evidence,
    );
  },
);
