import type {
  Bucket,
  KmsKey,
  LogGroup,
  PublicAccessBlockFlags,
  Read,
  TrailSnapshot,
  TrailStatus,
} from "@/lib/core/checks/snapshot";
import type { CheckContext } from "@/lib/core/checks/types";

// Test data for the checks: one compliant trail, and overrides so each test row shows only what differs from it.

export const NOW = new Date("2025-03-01T12:00:00.000Z");
export const CONTEXT: CheckContext = { now: NOW };

export const TRAIL_ACCOUNT = "111111111111";
export const LOG_ARCHIVE_ACCOUNT = "222222222222";
export const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${TRAIL_ACCOUNT}:trail/main-trail`;
export const KEY_ARN = `arn:aws:kms:us-east-1:${TRAIL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const AWS_MANAGED_KEY_ARN = `arn:aws:kms:us-east-1:${TRAIL_ACCOUNT}:key/aaaa1111-22bb-33cc-44dd-555555eeeeee`;
export const LOG_GROUP_ARN = `arn:aws:logs:us-east-1:${TRAIL_ACCOUNT}:log-group:cloudtrail/main-trail:*`;
export const BUCKET = "main-trail-logs";
export const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
export const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

export function ok<T>(value: T): Read<T> {
  return { ok: true, value };
}

/** A failed call, as the collector records it. */
export function denied(call: string, accountId: string = TRAIL_ACCOUNT, code = "AccessDenied"): Read<never> {
  return { ok: false, error: { call, code, message: `not authorized to perform ${call}`, accountId } };
}

export const ALL_ON: PublicAccessBlockFlags = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};
export const ALL_OFF: PublicAccessBlockFlags = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

/** The bucket policy CloudTrail needs: service principals only, so nothing public about it. */
export const CLOUDTRAIL_BUCKET_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AWSCloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: `arn:aws:s3:::${BUCKET}`,
    },
    {
      Sid: "AWSCloudTrailWrite",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/${TRAIL_ACCOUNT}/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
  ],
});

/** A policy document with the given statements appended to the CloudTrail ones. */
export function policyWith(...statements: Record<string, unknown>[]): string {
  const policy = JSON.parse(CLOUDTRAIL_BUCKET_POLICY) as { Statement: unknown[] };
  return JSON.stringify({ ...policy, Statement: [...policy.Statement, ...statements] });
}

function compliantStatus(): TrailStatus {
  return {
    isLogging: true,
    latestDeliveryTime: "2025-03-01T11:55:00.000Z",
    latestDeliveryError: null,
    latestDigestDeliveryTime: "2025-03-01T11:30:00.000Z",
    latestDigestDeliveryError: null,
    latestCloudWatchLogsDeliveryTime: "2025-03-01T11:56:00.000Z",
    latestCloudWatchLogsDeliveryError: null,
  };
}

function compliantKey(): KmsKey {
  return { arn: KEY_ARN, keyManager: "CUSTOMER", keyState: "Enabled", rotation: ok(true) };
}

function compliantLogGroup(): LogGroup {
  return { name: "cloudtrail/main-trail", arn: LOG_GROUP_ARN, kmsKeyId: KEY_ARN, retentionInDays: 365 };
}

function compliantBucket(): Bucket {
  return {
    name: BUCKET,
    ownerAccountId: TRAIL_ACCOUNT,
    region: "us-east-1",
    versioning: ok({ status: "Enabled", mfaDelete: "Enabled" }),
    bucketPublicAccessBlock: ok(ALL_ON),
    accountPublicAccessBlock: ok(null),
    policy: ok(CLOUDTRAIL_BUCKET_POLICY),
    policyIsPublic: ok(false),
    acl: ok([{ granteeUri: null, permission: "FULL_CONTROL" }]),
    logging: ok({ targetBucket: "access-logs", targetPrefix: `${BUCKET}/` }),
  };
}

/** A trail that passes every check. A fresh object each call, so tests may not leak into one another. */
export function compliantSnapshot(): TrailSnapshot {
  return {
    arn: TRAIL_ARN,
    name: "main-trail",
    ownerAccountId: TRAIL_ACCOUNT,
    homeRegion: "us-east-1",
    isOrganizationTrail: false,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    logFileValidationEnabled: true,
    s3BucketName: BUCKET,
    s3KeyPrefix: null,
    kmsKeyId: KEY_ARN,
    cloudWatchLogsLogGroupArn: LOG_GROUP_ARN,
    cloudWatchLogsRoleArn: `arn:aws:iam::${TRAIL_ACCOUNT}:role/CloudTrailToCloudWatch`,
    status: ok(compliantStatus()),
    eventSelectors: ok({ basic: [{ readWriteType: "All", includeManagementEvents: true }], advanced: [] }),
    kmsKey: ok(compliantKey()),
    logGroup: ok(compliantLogGroup()),
    bucket: compliantBucket(),
    collectedAt: "2025-03-01T12:00:00.000Z",
  };
}

export interface SnapshotOverrides {
  trail?: Partial<TrailSnapshot>;
  /** Merged into the readable trail status. */
  status?: Partial<TrailStatus>;
  /** Merged into the readable KMS key. */
  key?: Partial<KmsKey>;
  /** Merged into the existing log group. */
  logGroup?: Partial<LogGroup>;
  /** Merged into the bucket. */
  bucket?: Partial<Bucket>;
}

/** The compliant trail with only the given parts changed; `trail` wins over the part overrides. */
export function snapshotWith(overrides: SnapshotOverrides): TrailSnapshot {
  const base = compliantSnapshot();
  return {
    ...base,
    status: ok({ ...compliantStatus(), ...overrides.status }),
    kmsKey: ok({ ...compliantKey(), ...overrides.key }),
    logGroup: ok({ ...compliantLogGroup(), ...overrides.logGroup }),
    bucket: { ...compliantBucket(), ...overrides.bucket },
    ...overrides.trail,
  };
}
