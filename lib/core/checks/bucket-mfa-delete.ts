import { defineBucketCheck } from "@/lib/core/checks/define-bucket-check";
import { bucketEvidence } from "@/lib/core/checks/trail-inputs";

export const bucketMfaDelete = defineBucketCheck(
  {
    id: "bucket_mfa_delete",
    label: "Bucket MFA delete",
    title: "The trail bucket has versioning with MFA delete",
    severity: "medium",
    rationale:
      "Versioning keeps overwritten or deleted log files recoverable, and MFA delete stops stolen credentials alone from suspending versioning or permanently deleting versions.",
    remediation:
      "As the bucket owner's root user with an MFA device (MFA delete cannot be set from the console): `aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa \"<mfa-device-arn> <code>\"`.",
    references: {
      cis: ["CIS AWS Foundations 1.5.0 2.1.3"],
      securityHub: ["S3.20"],
      prowler: ["cloudtrail_bucket_requires_mfa_delete"],
      docs: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html"],
    },
  },
  ({ bucket, verdict }) => {
    if (!bucket.versioning.ok) {
      return verdict.unreadable(`the versioning configuration of bucket ${bucket.name}`, bucket.versioning.error);
    }
    const { status, mfaDelete } = bucket.versioning.value;
    const evidence = {
      ...bucketEvidence(bucket),
      "GetBucketVersioning.Status": status,
      "GetBucketVersioning.MFADelete": mfaDelete,
    };
    if (status !== "Enabled") {
      return verdict.fail(
        `Bucket ${bucket.name} does not have versioning enabled (Status ${status ?? "never set"}).`,
        evidence,
      );
    }
    return mfaDelete === "Enabled"
      ? verdict.pass(`Bucket ${bucket.name} has versioning and MFA delete enabled.`, evidence)
      : verdict.fail(
          `Bucket ${bucket.name} has versioning but not MFA delete (MFADelete ${mfaDelete ?? "never set"}).`,
          evidence,
        );
  },
);
