// What the collectors read from AWS about one trail, reshaped at the edge (lib/aws) into plain data the checks
// evaluate. Every piece that needs its own API call is a Read: either the value, or the call that failed and why,
// so a check can say "error: s3:GetBucketVersioning AccessDenied ..." instead of a false fail.

export interface CallError {
  /** The IAM-style name of the call that failed, e.g. "s3:GetBucketVersioning". */
  call: string;
  /** The AWS error code, e.g. "AccessDenied", "ThrottlingException", "TimeoutError". */
  code: string;
  message: string;
  /** The account whose credentials made the call. */
  accountId?: string;
}

export type Read<T> = { ok: true; value: T } | { ok: false; error: CallError };

export interface TrailStatus {
  isLogging: boolean;
  /** ISO timestamps, null when CloudTrail reports none. */
  latestDeliveryTime: string | null;
  latestDeliveryError: string | null;
  latestDigestDeliveryTime: string | null;
  latestDigestDeliveryError: string | null;
  latestCloudWatchLogsDeliveryTime: string | null;
  latestCloudWatchLogsDeliveryError: string | null;
}

export interface EventSelectors {
  basic: { readWriteType: "ReadOnly" | "WriteOnly" | "All"; includeManagementEvents: boolean }[];
  advanced: { name: string | null; fieldSelectors: { field: string; equals: string[]; notEquals: string[] }[] }[];
}

export interface KmsKey {
  arn: string;
  keyManager: "AWS" | "CUSTOMER";
  keyState: string; // "Enabled", "Disabled", "PendingDeletion", ...
  /** Null when rotation does not apply (AWS managed keys rotate by themselves). */
  rotation: Read<boolean> | null;
}

export interface LogGroup {
  name: string;
  arn: string;
  kmsKeyId: string | null;
  retentionInDays: number | null; // null: never expire
}

export interface PublicAccessBlockFlags {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface AclGrant {
  granteeUri: string | null; // e.g. "http://acs.amazonaws.com/groups/global/AllUsers"
  permission: string;
}

export interface Bucket {
  name: string;
  /** The account that owns the bucket, when known (a log-archive account, often). */
  ownerAccountId: string | null;
  region: string | null;
  versioning: Read<{ status: "Enabled" | "Suspended" | null; mfaDelete: "Enabled" | "Disabled" | null }>;
  /** null value: no configuration at that level (NoSuchPublicAccessBlockConfiguration). */
  bucketPublicAccessBlock: Read<PublicAccessBlockFlags | null>;
  accountPublicAccessBlock: Read<PublicAccessBlockFlags | null>;
  /** The bucket policy document (JSON text), null when the bucket has none. */
  policy: Read<string | null>;
  /** S3's own verdict, when it gives one (null: not reported). */
  policyIsPublic: Read<boolean | null>;
  acl: Read<AclGrant[]>;
  logging: Read<{ targetBucket: string; targetPrefix: string } | null>;
}

/** A trail as DescribeTrails describes it. */
export interface TrailConfiguration {
  arn: string;
  name: string;
  /** The account that owns the trail (the management account for an organization trail). */
  ownerAccountId: string;
  homeRegion: string;
  isOrganizationTrail: boolean;
  isMultiRegionTrail: boolean;
  includeGlobalServiceEvents: boolean;
  logFileValidationEnabled: boolean;
  s3BucketName: string | null;
  s3KeyPrefix: string | null;
  kmsKeyId: string | null;
  cloudWatchLogsLogGroupArn: string | null;
  cloudWatchLogsRoleArn: string | null;
}

export interface TrailSnapshot extends TrailConfiguration {
  status: Read<TrailStatus>;
  eventSelectors: Read<EventSelectors>;
  /** null when the trail names no KMS key. */
  kmsKey: Read<KmsKey> | null;
  /** null when the trail names no log group; value null when the named group does not exist. */
  logGroup: Read<LogGroup | null> | null;
  /** null when the trail names no bucket. */
  bucket: Bucket | null;
  /** When the snapshot was taken (ISO), for checks about recency. */
  collectedAt: string;
}
