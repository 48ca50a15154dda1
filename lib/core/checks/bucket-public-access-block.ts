import { defineBucketCheck } from "@/lib/core/checks/define-bucket-check";
import {
  describeLevels,
  effectiveFlags,
  publicAccessBlockEvidence,
  type BlockLevel,
} from "@/lib/core/checks/public-access-block";
import { bucketEvidence } from "@/lib/core/checks/trail-inputs";

export const bucketPublicAccessBlock = defineBucketCheck(
  {
    id: "bucket_public_access_block",
    label: "Public access block",
    title: "Public access is blocked on the trail bucket (bucket or owner account level)",
    severity: "high",
    rationale:
      "The four public access block settings stop a future policy or ACL change from exposing the logs. S3 enforces them from either the bucket or the bucket owner's account, so either level counts.",
    remediation:
      "S3 console → the trail bucket → Permissions → Block public access (bucket settings) → Edit → Block all public access; or `aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`. For the whole owner account: `aws s3control put-public-access-block --account-id <bucket-owner-account> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.",
    references: {
      cis: ["CIS AWS Foundations 1.5.0 2.1.5"],
      securityHub: ["S3.8", "S3.1"],
      prowler: ["s3_bucket_level_public_access_block", "s3_account_level_public_access_blocks"],
      docs: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"],
    },
  },
  ({ bucket, verdict }) => {
    const flags = Object.entries(effectiveFlags(bucket));
    const evidence = { ...bucketEvidence(bucket), ...publicAccessBlockEvidence(bucket) };
    const off = flags.filter(([, state]) => state.value === false).map(([flag]) => flag);
    if (off.length > 0) {
      return verdict.fail(
        `Bucket ${bucket.name} lacks ${off.join(", ")} at both the bucket level and the owner account level.`,
        evidence,
      );
    }
    for (const [, state] of flags) {
      if (state.value === "unknown") return verdict.unreadable(state.what, state.error);
    }
    const levels = new Set<BlockLevel>(flags.flatMap(([, state]) => (state.value === true ? state.levels : [])));
    const where = describeLevels([...levels]);
    return verdict.pass(
      `All four public access block settings are effective for bucket ${bucket.name}, set at ${where}.`,
      evidence,
    );
  },
);
