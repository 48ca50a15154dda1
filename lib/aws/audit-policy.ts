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

export function readOnlyPolicy() {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "TrailProofReadOnly", Effect: "Allow", Action: [...AUDIT_ACTIONS], Resource: "*" }],
  };
}

/** Who may assume the audit role: the account TrailProof runs in, and only with the ExternalId. */
export function trustPolicy(trustedAccountId: string, externalId: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${trustedAccountId}:root` },
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
    },
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
                Principal: { AWS: { "Fn::Sub": "arn:${AWS::Partition}:iam::${TrustedAccountId}:root" } },
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
