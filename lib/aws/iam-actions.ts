// The IAM action an SDK operation needs. Mostly "service:Operation"; S3 names a few differently.
const SERVICE_BY_CLIENT: Record<string, string> = {
  CloudTrailClient: "cloudtrail",
  CloudWatchLogsClient: "logs",
  KMSClient: "kms",
  S3Client: "s3",
  S3ControlClient: "s3",
  EC2Client: "ec2",
  OrganizationsClient: "organizations",
  STSClient: "sts",
};

const S3_RENAMES: Record<string, string> = {
  "S3Client.GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
  "S3ControlClient.GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock",
  "S3Client.ListBuckets": "s3:ListAllMyBuckets",
  "S3Client.ListObjects": "s3:ListBucket",
  "S3Client.ListObjectsV2": "s3:ListBucket",
  "S3Client.HeadObject": "s3:GetObject",
};

export function iamActionFor(clientName: string, operation: string): string {
  return S3_RENAMES[`${clientName}.${operation}`] ?? `${SERVICE_BY_CLIENT[clientName] ?? clientName}:${operation}`;
}
