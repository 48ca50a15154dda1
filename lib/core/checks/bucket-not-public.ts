import type { Bucket, CallError } from "@/lib/core/checks/snapshot";
import { publicGrants, publicPolicyStatements } from "@/lib/core/checks/bucket-exposure";
import { defineBucketCheck } from "@/lib/core/checks/define-bucket-check";
import {
  describeLevels,
  effectiveFlag,
  publicAccessBlockEvidence,
  type PublicAccessBlockFlag,
} from "@/lib/core/checks/public-access-block";
import { bucketEvidence } from "@/lib/core/checks/trail-inputs";
import type { Evidence } from "@/lib/core/checks/types";

// Two ways in (policy, ACL), each with the public access block flag that makes S3 ignore it. A channel is exposed
// only when it grants public access and its flag is off at both levels; one we cannot decide is an error.

type Exposure =
  | { state: "public"; detail: string; evidence: Evidence }
  | { state: "private"; evidence: Evidence }
  | { state: "unknown"; what: string; error: CallError; evidence: Evidence };

function policyExposure(bucket: Bucket): Exposure {
  const { policyIsPublic, policy } = bucket;
  // S3's own verdict understands conditions and principals that the document check below does not.
  if (policyIsPublic.ok && policyIsPublic.value !== null) {
    const evidence = { "GetBucketPolicyStatus.PolicyStatus.IsPublic": policyIsPublic.value };
    return policyIsPublic.value
      ? { state: "public", detail: "S3 reports its bucket policy as public (PolicyStatus IsPublic true)", evidence }
      : { state: "private", evidence };
  }
  const what = `the bucket policy of ${bucket.name}`;
  if (!policy.ok) return { state: "unknown", what, error: policy.error, evidence: {} };
  if (policy.value === null) return { state: "private", evidence: { "GetBucketPolicy.Policy": null } };
  const verdict = publicPolicyStatements(policy.value);
  if (!verdict.ok) {
    const error = { call: "s3:GetBucketPolicy", code: "MalformedPolicy", message: verdict.message };
    return { state: "unknown", what, error, evidence: {} };
  }
  const evidence = { "GetBucketPolicy.Policy.Statement (public)": verdict.publicStatements };
  return verdict.publicStatements.length > 0
    ? {
        state: "public",
        detail: `its bucket policy allows Principal "*" without a Condition (${verdict.publicStatements.join(", ")})`,
        evidence,
      }
    : { state: "private", evidence };
}

function aclExposure(bucket: Bucket): Exposure {
  if (!bucket.acl.ok) {
    return { state: "unknown", what: `the ACL of bucket ${bucket.name}`, error: bucket.acl.error, evidence: {} };
  }
  const grants = publicGrants(bucket.acl.value).map(({ granteeUri, permission }) => ({
    URI: granteeUri,
    Permission: permission,
  }));
  const evidence = { "GetBucketAcl.Grants (public)": grants };
  return grants.length > 0
    ? {
        state: "public",
        detail: `its ACL grants ${grants.map((grant) => `${grant.Permission} to ${grant.URI}`).join(", ")}`,
        evidence,
      }
    : { state: "private", evidence };
}

type Channel =
  | { state: "exposed"; detail: string }
  | { state: "safe"; note?: string }
  | { state: "unknown"; what: string; error: CallError };

function judge(bucket: Bucket, exposure: Exposure, neutraliser: PublicAccessBlockFlag): Channel {
  const flag = effectiveFlag(bucket, neutraliser);
  if (flag.value === true) {
    const where = describeLevels(flag.levels);
    return exposure.state === "public"
      ? { state: "safe", note: `${exposure.detail}, but ${neutraliser} at ${where} neutralises it` }
      : { state: "safe" };
  }
  if (exposure.state === "private") return { state: "safe" };
  if (exposure.state === "unknown") return { state: "unknown", what: exposure.what, error: exposure.error };
  if (flag.value === "unknown") return { state: "unknown", what: flag.what, error: flag.error };
  return { state: "exposed", detail: `${exposure.detail} and ${neutraliser} is off at both levels` };
}

export const bucketNotPublic = defineBucketCheck(
  {
    id: "bucket_not_public",
    label: "Bucket not public",
    title: "The trail bucket is not public by policy or ACL",
    severity: "critical",
    rationale:
      "Public CloudTrail logs hand an adversary a map of the accounts: principals, resources, and which calls are watched.",
    remediation:
      "S3 console → the trail bucket → Permissions: remove Allow statements with Principal \"*\" (or add a restricting Condition) and ACL grants to Everyone / Authenticated users; or `aws s3api put-bucket-acl --bucket <bucket> --acl private` and `aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json`. Then `aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.",
    references: {
      cis: ["CIS AWS Foundations 1.5.0 3.3"],
      securityHub: ["CloudTrail.6"],
      prowler: ["cloudtrail_logs_s3_bucket_is_not_publicly_accessible"],
      docs: [
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
      ],
    },
  },
  ({ bucket, verdict }) => {
    const policy = policyExposure(bucket);
    const acl = aclExposure(bucket);
    const channels = [judge(bucket, policy, "RestrictPublicBuckets"), judge(bucket, acl, "IgnorePublicAcls")];
    const evidence = {
      ...bucketEvidence(bucket),
      ...policy.evidence,
      ...acl.evidence,
      ...publicAccessBlockEvidence(bucket),
    };
    // A proven exposure is a true fail even when the other channel could not be read.
    const exposed = channels.flatMap((channel) => (channel.state === "exposed" ? [channel.detail] : []));
    if (exposed.length > 0) return verdict.fail(`Bucket ${bucket.name} is public: ${exposed.join("; ")}.`, evidence);
    for (const channel of channels) {
      if (channel.state === "unknown") return verdict.unreadable(channel.what, channel.error);
    }
    const notes = channels.flatMap((channel) => (channel.state === "safe" && channel.note ? [channel.note] : []));
    return notes.length > 0
      ? verdict.pass(`Bucket ${bucket.name} is not public: ${notes.join("; ")}.`, evidence)
      : verdict.pass(`Bucket ${bucket.name} is not public by policy or ACL.`, evidence);
  },
);
