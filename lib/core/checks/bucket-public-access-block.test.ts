import { bucketPublicAccessBlock } from "@/lib/core/checks/bucket-public-access-block";
import { describeCheck } from "@/lib/core/checks/check-cases";
import {
  ALL_OFF,
  ALL_ON,
  compliantSnapshot,
  denied,
  LOG_ARCHIVE_ACCOUNT,
  ok,
  snapshotWith,
} from "@/lib/core/checks/snapshot-fixtures";

const ACLS_ONLY = { ...ALL_OFF, blockPublicAcls: true, ignorePublicAcls: true };
const POLICY_ONLY = { ...ALL_OFF, blockPublicPolicy: true, restrictPublicBuckets: true };
const accountDenied = denied("s3:GetPublicAccessBlock", LOG_ARCHIVE_ACCOUNT);

describeCheck(bucketPublicAccessBlock, [
  {
    label: "all four at the bucket level",
    snapshot: compliantSnapshot(),
    status: "pass",
    reason: "the bucket level",
    evidence: {
      "s3:GetPublicAccessBlock.PublicAccessBlockConfiguration": {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
      "s3control:GetPublicAccessBlock.PublicAccessBlockConfiguration": null,
    },
  },
  {
    label: "account level only, no bucket-level configuration",
    snapshot: snapshotWith({ bucket: { bucketPublicAccessBlock: ok(null), accountPublicAccessBlock: ok(ALL_ON) } }),
    status: "pass",
    reason: "the account level",
  },
  {
    label: "two flags per level, four effective",
    snapshot: snapshotWith({
      bucket: { bucketPublicAccessBlock: ok(ACLS_ONLY), accountPublicAccessBlock: ok(POLICY_ONLY) },
    }),
    status: "pass",
    reason: "the bucket and account levels",
  },
  {
    label: "cross-account bucket, owner account level unreadable but bucket level all on",
    snapshot: snapshotWith({
      bucket: { ownerAccountId: LOG_ARCHIVE_ACCOUNT, accountPublicAccessBlock: accountDenied },
    }),
    status: "pass",
  },
  {
    label: "no configuration at either level",
    snapshot: snapshotWith({ bucket: { bucketPublicAccessBlock: ok(null) } }),
    status: "fail",
    reason: "lacks BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets",
  },
  {
    label: "policy flags missing at both levels",
    snapshot: snapshotWith({
      bucket: { bucketPublicAccessBlock: ok(ACLS_ONLY), accountPublicAccessBlock: ok(ACLS_ONLY) },
    }),
    status: "fail",
    reason: "lacks BlockPublicPolicy, RestrictPublicBuckets",
  },
  {
    label: "account level unreadable and the bucket level incomplete",
    snapshot: snapshotWith({
      bucket: {
        ownerAccountId: LOG_ARCHIVE_ACCOUNT,
        bucketPublicAccessBlock: ok(ACLS_ONLY),
        accountPublicAccessBlock: accountDenied,
      },
    }),
    status: "error",
    reason: `Could not read the account-level public access block of bucket owner ${LOG_ARCHIVE_ACCOUNT}:`,
    evidence: { accountId: LOG_ARCHIVE_ACCOUNT },
  },
  {
    label: "bucket level unreadable and no account-level configuration",
    snapshot: snapshotWith({ bucket: { bucketPublicAccessBlock: denied("s3:GetPublicAccessBlock") } }),
    status: "error",
    reason: "Could not read the bucket-level public access block",
  },
  {
    label: "bucket level unreadable but the account level gives all four",
    snapshot: snapshotWith({
      bucket: { bucketPublicAccessBlock: denied("s3:GetPublicAccessBlock"), accountPublicAccessBlock: ok(ALL_ON) },
    }),
    status: "pass",
  },
  {
    label: "trail names no bucket",
    snapshot: snapshotWith({ trail: { s3BucketName: null, bucket: null } }),
    status: "not_applicable",
  },
]);
