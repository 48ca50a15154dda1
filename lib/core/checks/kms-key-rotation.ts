import { defineCheck } from "@/lib/core/checks/define-check";
import { lookUpKmsKey } from "@/lib/core/checks/trail-inputs";

export const kmsKeyRotation = defineCheck(
  {
    id: "kms_key_rotation",
    label: "Key rotation",
    title: "The trail's customer-managed KMS key rotates automatically",
    severity: "medium",
    rationale:
      "Yearly rotation limits how much log data one compromised key version exposes. AWS-managed keys rotate by themselves, so the check applies to customer-managed keys only.",
    remediation:
      "KMS console → Customer managed keys → select the key → Key rotation → Automatically rotate this KMS key every year; or `aws kms enable-key-rotation --key-id <key-arn>`.",
    references: {
      cis: ["CIS AWS Foundations 1.5.0 3.8"],
      securityHub: ["KMS.4"],
      prowler: ["kms_cmk_rotation_enabled"],
      docs: ["https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
    },
  },
  ({ snapshot, verdict }) => {
    const key = lookUpKmsKey(snapshot, verdict);
    if (key.state === "unknown") return key.result;
    if (key.state === "absent") {
      return verdict.notApplicable(`Trail ${snapshot.name} names no KMS key (KmsKeyId empty).`, { KmsKeyId: null });
    }
    const { arn, keyManager, rotation } = key.value;
    const evidence = { "DescribeKey.KeyMetadata.Arn": arn, "DescribeKey.KeyMetadata.KeyManager": keyManager };
    if (keyManager !== "CUSTOMER") {
      return verdict.notApplicable(
        `KMS key ${arn} is AWS managed (KeyManager ${keyManager}); AWS rotates it and rotation cannot be configured.`,
        evidence,
      );
    }
    if (rotation === null) {
      return verdict.notApplicable(
        `Automatic rotation does not apply to KMS key ${arn} (for example an asymmetric key).`,
        { ...evidence, "GetKeyRotationStatus.KeyRotationEnabled": null },
      );
    }
    if (!rotation.ok) return verdict.unreadable(`the rotation status of KMS key ${arn}`, rotation.error);
    const rotationEvidence = { ...evidence, "GetKeyRotationStatus.KeyRotationEnabled": rotation.value };
    return rotation.value
      ? verdict.pass(`Customer-managed KMS key ${arn} rotates automatically (KeyRotationEnabled true).`, rotationEvidence)
      : verdict.fail(`Customer-managed KMS key ${arn} does not rotate (KeyRotationEnabled false).`, rotationEvidence);
  },
);
