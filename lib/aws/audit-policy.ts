// The IAM permissions TrailProof's audit role needs: every one a read. Operators grant exactly this (see docs/scanning.md,
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

/**
 * Object reads only where CloudTrail writes (`AWSLogs/` at a bucket's root or under a trail's key prefix): the role
 * reads no other object, whatever bucket it can list.
 */
export const TRAIL_FILE_OBJECTS = ["arn:aws:s3:::*/AWSLogs/*", "arn:aws:s3:::*/*/AWSLogs/*"];

/**
 * kms:Decrypt for the log files of trails encrypted with a KMS key (SSE-KMS): S3 asks KMS on the reader's behalf, so
 * the grant is limited to requests made through S3 (kms:ViaService) for objects CloudTrail encrypted (its encryption
 * context names the trail). Each key's own policy must allow it too (`trailproof access --format key-policy`).
 */
const DECRYPT_THROUGH_S3 = {
  StringLike: { "kms:ViaService": "s3.*.amazonaws.com", "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*" },
};

export function readOnlyPolicy() {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "TrailProofReadOnly", Effect: "Allow", Action: AUDIT_ACTIONS.filter((a) => a !== "s3:GetObject"), Resource: "*" },
      { Sid: "TrailProofReadTrailFiles", Effect: "Allow", Action: ["s3:GetObject"], Resource: TRAIL_FILE_OBJECTS },
      { Sid: "TrailProofDecryptTrailFiles", Effect: "Allow", Action: ["kms:Decrypt"], Resource: "*", Condition: DECRYPT_THROUGH_S3 },
    ],
  };
}

/**
 * The statement each trail's KMS key policy needs so the audit role of `accountId` can read the log files it
 * encrypts: a key's policy is checked as well as the role's own.
 */
export function keyPolicyStatement(accountId: string, roleName: string) {
  return {
    Sid: "AllowTrailProofAuditRoleToDecryptCloudTrailLogFiles",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${accountId}:role/${roleName}` },
    Action: "kms:Decrypt",
    Resource: "*",
    Condition: DECRYPT_THROUGH_S3,
  };
}

/**
 * Who may assume the audit role: the role TrailProof runs as (without one, any principal of its account that IAM
 * lets assume roles), and only with the ExternalId.
 */
export function trustPolicy(trustedAccountId: string, externalId: string, trustedRoleName?: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: trustedRoleName ? `arn:aws:iam::${trustedAccountId}:role/${trustedRoleName}` : `arn:aws:iam::${trustedAccountId}:root` },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": externalId } },
      },
    ],
  };
}

/**
 * A CloudFormation template (JSON is valid YAML) creating the role in one account; deploy it to every account of
 * the organization as a service-managed StackSet.
 */
export function auditRoleTemplate(roleName: string) {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "TrailProof read-only audit role: reads CloudTrail configuration and log files, changes nothing.",
    Parameters: {
      TrustedAccountId: { Type: "String", AllowedPattern: "^\\d{12}$", Description: "The account TrailProof runs in" },
      ExternalId: { Type: "String", MinLength: 8, NoEcho: true, Description: "Shared secret TrailProof sends with AssumeRole" },
      TrustedRoleName: { Type: "String", Default: "", Description: "The role TrailProof runs as in TrustedAccountId (empty: the whole account)" },
    },
    Conditions: { TrustOneRole: { "Fn::Not": [{ "Fn::Equals": [{ Ref: "TrustedRoleName" }, ""] }] } },
    Resources: {
      TrailProofAuditRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: roleName,
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: {
                  AWS: {
                    "Fn::If": [
                      "TrustOneRole",
                      { "Fn::Sub": "arn:${AWS::Partition}:iam::${TrustedAccountId}:role/${TrustedRoleName}" },
                      { "Fn::Sub": "arn:${AWS::Partition}:iam::${TrustedAccountId}:root" },
                    ],
                  },
                },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
              },
            ],
          },
          Policies: [{ PolicyName: "TrailProofReadOnly", PolicyDocument: readOnlyPolicy() }],
        },
      },
    },
    Outputs: { RoleArn: { Value: { "Fn::GetAtt": ["TrailProofAuditRole", "Arn"] } } },
  };
}
