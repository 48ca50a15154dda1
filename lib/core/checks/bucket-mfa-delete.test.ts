import { bucketMfaDelete } from "@/lib/core/checks/bucket-mfa-delete";
import { describeCheck } from "@/lib/core/checks/check-cases";
import {
  BUCKET,
  compliantSnapshot,
  denied,
  LOG_ARCHIVE_ACCOUNT,
  ok,
  snapshotWith,
} from "@/lib/core/checks/snapshot-fixtures";

describeCheck(bucketMfaDelete, [
  {
    label: "versioning and MFA delete enabled",
    snapshot: compliantSnapshot(),
    status: "pass",
    evidence: {
      S3BucketName: BUCKET,
      "GetBucketVersioning.Status": "Enabled",
      "GetBucketVersioning.MFADelete": "Enabled",
    },
  },
  {
    label: "cross-account bucket readable with the log-archive role",
    snapshot: snapshotWith({ bucket: { ownerAccountId: LOG_ARCHIVE_ACCOUNT } }),
    status: "pass",
    evidence: { bucketOwnerAccountId: LOG_ARCHIVE_ACCOUNT },
  },
  {
    label: "versioning without MFA delete",
    snapshot: snapshotWith({ bucket: { versioning: ok({ status: "Enabled", mfaDelete: "Disabled" }) } }),
    status: "fail",
    reason: "MFADelete Disabled",
  },
  {
    label: "versioning suspended",
    snapshot: snapshotWith({ bucket: { versioning: ok({ status: "Suspended", mfaDelete: "Enabled" }) } }),
    status: "fail",
    reason: "Status Suspended",
  },
  {
    label: "versioning never configured",
    snapshot: snapshotWith({ bucket: { versioning: ok({ status: null, mfaDelete: null }) } }),
    status: "fail",
    reason: "Status never set",
  },
  {
    label: "cross-account bucket unreadable: error, not fail",
    snapshot: snapshotWith({
      bucket: { ownerAccountId: LOG_ARCHIVE_ACCOUNT, versioning: denied("s3:GetBucketVersioning") },
    }),
    status: "error",
    reason: `Could not read the versioning configuration of bucket ${BUCKET}: s3:GetBucketVersioning AccessDenied:`,
  },
  {
    label: "trail names no bucket",
    snapshot: snapshotWith({ trail: { s3BucketName: null, bucket: null } }),
    status: "not_applicable",
  },
  {
    label: "bucket named but never collected",
    snapshot: snapshotWith({ trail: { bucket: null } }),
    status: "error",
    evidence: { S3BucketName: BUCKET, missingInput: "bucket settings" },
  },
]);
