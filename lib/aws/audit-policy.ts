// The IAM permissions TrailProof's audit role needs: every one a read. Operators grant exactly this (see README,
// "Granting access"); a test checks that every operation the product sends is covered by it.

export const AUDIT_ACTIONS = [
  // trails and their state
  "cloudtrail:DescribeTrails",
  "cloudtrail:GetTrail",
  "cloudtrail:GetTrailStatus",
  "cloudtrail:GetEventSelectors",
  "cloudtrail:ListTrails",
  "cloudtrail:ListPublicKeys",
  // encryption keys
  "kms:DescribeKey",
  "kms:GetKeyRotationStatus",
  // CloudWatch Logs delivery
  "logs:DescribeLogGroups",
  // the trail's bucket and the log and digest files in it
  "s3:GetBucketLocation",
  "s3:GetBucketVersioning",
  "s3:GetBucketPublicAccessBlock",
  "s3:GetAccountPublicAccessBlock",
  "s3:GetBucketPolicy",
  "s3:GetBucketPolicyStatus",
  "s3:GetBucketAcl",
  "s3:GetBucketLogging",
  "s3:ListBucket",
  "s3:ListAllMyBuckets",
  "s3:GetObject",
  // accounts and regions
  "organizations:DescribeOrganization",
  "organizations:ListAccounts",
  "organizations:ListParents",
  "organizations:DescribeOrganizationalUnit",
  "account:ListRegions",
  "ec2:DescribeRegions",
] as const;

export function readOnlyPolicy() {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "TrailProofReadOnly", Effect: "Allow", Action: [...AUDIT_ACTIONS], Resource: "*" }],
  };
}
