import { bucketNotPublic } from "@/lib/core/checks/bucket-not-public";
import { describeCheck } from "@/lib/core/checks/check-cases";
import {
  ALL_OFF,
  ALL_ON,
  ALL_USERS,
  AUTHENTICATED_USERS,
  BUCKET,
  compliantSnapshot,
  denied,
  LOG_ARCHIVE_ACCOUNT,
  ok,
  policyWith,
  snapshotWith,
} from "@/lib/core/checks/snapshot-fixtures";

const PUBLIC_READ = { Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" };
const publicPolicy = ok(policyWith(PUBLIC_READ));
const noBlock = { bucketPublicAccessBlock: ok(null), accountPublicAccessBlock: ok(null) };
const publicAcl = ok([{ granteeUri: ALL_USERS, permission: "READ" }]);

describeCheck(bucketNotPublic, [
  {
    label: "CloudTrail's own policy, private ACL",
    snapshot: compliantSnapshot(),
    status: "pass",
    reason: "not public by policy or ACL",
    evidence: { "GetBucketPolicyStatus.PolicyStatus.IsPublic": false, "GetBucketAcl.Grants (public)": [] },
  },
  {
    label: "S3 reports the policy public, no block",
    snapshot: snapshotWith({ bucket: { ...noBlock, policyIsPublic: ok(true) } }),
    status: "fail",
    reason: "PolicyStatus IsPublic true",
  },
  {
    label: "S3's verdict wins over the document (public-looking statement with a condition S3 judged private)",
    snapshot: snapshotWith({ bucket: { ...noBlock, policy: publicPolicy, policyIsPublic: ok(false) } }),
    status: "pass",
  },
  {
    label: "no S3 verdict: Principal * without Condition",
    snapshot: snapshotWith({ bucket: { ...noBlock, policyIsPublic: ok(null), policy: publicPolicy } }),
    status: "fail",
    reason: 'allows Principal "*" without a Condition (PublicRead)',
    evidence: { "GetBucketPolicy.Policy.Statement (public)": ["PublicRead"] },
  },
  {
    label: "no S3 verdict, policy status unreadable: evaluate the document",
    snapshot: snapshotWith({
      bucket: { ...noBlock, policyIsPublic: denied("s3:GetBucketPolicyStatus"), policy: publicPolicy },
    }),
    status: "fail",
  },
  {
    label: "no S3 verdict: Principal * with a Condition",
    snapshot: snapshotWith({
      bucket: {
        ...noBlock,
        policyIsPublic: ok(null),
        policy: ok(policyWith({ ...PUBLIC_READ, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-123" } } })),
      },
    }),
    status: "pass",
  },
  {
    label: "no bucket policy at all",
    snapshot: snapshotWith({ bucket: { ...noBlock, policyIsPublic: ok(null), policy: ok(null) } }),
    status: "pass",
  },
  {
    label: "ACL grants AllUsers",
    snapshot: snapshotWith({ bucket: { ...noBlock, acl: publicAcl } }),
    status: "fail",
    reason: `its ACL grants READ to ${ALL_USERS}`,
  },
  {
    label: "ACL grants AuthenticatedUsers",
    snapshot: snapshotWith({
      bucket: { ...noBlock, acl: ok([{ granteeUri: AUTHENTICATED_USERS, permission: "WRITE" }]) },
    }),
    status: "fail",
    reason: "AuthenticatedUsers",
  },
  {
    label: "public policy neutralised by RestrictPublicBuckets at the account level",
    snapshot: snapshotWith({
      bucket: { bucketPublicAccessBlock: ok(null), accountPublicAccessBlock: ok(ALL_ON), policyIsPublic: ok(true) },
    }),
    status: "pass",
    reason: "RestrictPublicBuckets at the account level neutralises it",
  },
  {
    label: "public ACL neutralised by IgnorePublicAcls at the bucket level",
    snapshot: snapshotWith({ bucket: { acl: publicAcl } }),
    status: "pass",
    reason: "IgnorePublicAcls at the bucket level neutralises it",
  },
  {
    label: "IgnorePublicAcls does not neutralise a public policy",
    snapshot: snapshotWith({
      bucket: {
        bucketPublicAccessBlock: ok({ ...ALL_OFF, ignorePublicAcls: true }),
        accountPublicAccessBlock: ok(null),
        policyIsPublic: ok(true),
      },
    }),
    status: "fail",
    reason: "RestrictPublicBuckets is off at both levels",
  },
  {
    label: "public policy, account level unreadable: it might neutralise, so error",
    snapshot: snapshotWith({
      bucket: {
        ownerAccountId: LOG_ARCHIVE_ACCOUNT,
        bucketPublicAccessBlock: ok(null),
        accountPublicAccessBlock: denied("s3:GetPublicAccessBlock", LOG_ARCHIVE_ACCOUNT),
        policyIsPublic: ok(true),
      },
    }),
    status: "error",
    reason: `Could not read the account-level public access block of bucket owner ${LOG_ARCHIVE_ACCOUNT}`,
  },
  {
    label: "cross-account bucket, policy unreadable",
    snapshot: snapshotWith({
      bucket: {
        ...noBlock,
        ownerAccountId: LOG_ARCHIVE_ACCOUNT,
        policyIsPublic: denied("s3:GetBucketPolicyStatus"),
        policy: denied("s3:GetBucketPolicy"),
      },
    }),
    status: "error",
    reason: `Could not read the bucket policy of ${BUCKET}: s3:GetBucketPolicy AccessDenied:`,
  },
  {
    label: "policy unreadable but RestrictPublicBuckets makes it irrelevant",
    snapshot: snapshotWith({
      bucket: { policyIsPublic: denied("s3:GetBucketPolicyStatus"), policy: denied("s3:GetBucketPolicy") },
    }),
    status: "pass",
  },
  {
    label: "ACL unreadable, no block",
    snapshot: snapshotWith({ bucket: { ...noBlock, acl: denied("s3:GetBucketAcl") } }),
    status: "error",
    evidence: { failedCall: "s3:GetBucketAcl" },
  },
  {
    label: "public ACL is a definite fail even with the policy unreadable",
    snapshot: snapshotWith({
      bucket: { ...noBlock, acl: publicAcl, policyIsPublic: ok(null), policy: denied("s3:GetBucketPolicy") },
    }),
    status: "fail",
  },
  {
    label: "malformed policy document",
    snapshot: snapshotWith({ bucket: { ...noBlock, policyIsPublic: ok(null), policy: ok("{not json") } }),
    status: "error",
    reason: "s3:GetBucketPolicy MalformedPolicy",
  },
  {
    label: "trail names no bucket",
    snapshot: snapshotWith({ trail: { s3BucketName: null, bucket: null } }),
    status: "not_applicable",
  },
]);
