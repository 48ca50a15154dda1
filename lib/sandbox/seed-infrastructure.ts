import { AddTagsCommand, CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand, StopLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchLogsClient, CreateLogGroupCommand, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, EnableKeyRotationCommand, KMSClient } from "@aws-sdk/client-kms";
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import {
  CreateBucketCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type PublicAccessBlockConfiguration,
} from "@aws-sdk/client-s3";
import { PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { keyPolicyStatement, readOnlyPolicy, trustPolicy } from "@/lib/aws/audit-policy";
import { type SandboxAccounts, SEEDER_ROLE_NAME } from "@/lib/sandbox/sandbox-clients";
import {
  accountByKey,
  AUDIT_ROLE_NAME,
  MANAGEMENT_ACCOUNT_ID,
  trailArn,
  type PlannedBucket,
  type PlannedTrail,
  type SandboxPlan,
} from "@/lib/sandbox/plan";

// Builds the planned organization in the emulator through the same AWS APIs an administrator would use.

export interface SeededInfrastructure {
  organizationId: string;
  externalId: string;
  trailArns: Record<string, string>;
  kmsKeyArns: Record<string, string>;
  logGroupArns: Record<string, string>;
}

const ALL_BLOCKED: PublicAccessBlockConfiguration = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

export async function seedInfrastructure(plan: SandboxPlan, accounts: SandboxAccounts): Promise<SeededInfrastructure> {
  const organizationId = await seedOrganization(plan, accounts);
  const externalId = `trailproof-demo-${plan.options.seed}`;
  await Promise.all(plan.accounts.map((account) => seedRoles(accounts, account.id, externalId)));
  await seedAccountPublicAccessBlocks(plan, accounts);
  for (const bucket of plan.buckets) await seedBucket(plan, accounts, bucket, organizationId);

  const trailArns: Record<string, string> = {};
  const kmsKeyArns: Record<string, string> = {};
  const logGroupArns: Record<string, string> = {};
  for (const trail of plan.trails) {
    const keyArn = await seedKey(plan, accounts, trail);
    if (keyArn) kmsKeyArns[trail.key] = keyArn;
    const logGroupArn = await seedLogGroup(plan, accounts, trail);
    if (logGroupArn) logGroupArns[trail.key] = logGroupArn;
    trailArns[trail.key] = await seedTrail(plan, accounts, trail, keyArn, logGroupArn);
  }
  return { organizationId, externalId, trailArns, kmsKeyArns, logGroupArns };
}

async function seedOrganization(plan: SandboxPlan, accounts: SandboxAccounts): Promise<string> {
  const orgs = new OrganizationsClient(await accounts.target(MANAGEMENT_ACCOUNT_ID, "us-east-1"));
  const { Organization } = await orgs.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const rootId = (await orgs.send(new ListRootsCommand({}))).Roots?.[0]?.Id;
  if (!Organization?.Id || !rootId) throw new Error("the emulator did not create an organization");

  const ouIds = new Map<string, string>([["Root", rootId]]);
  const ensureOu = async (path: string): Promise<string> => {
    const known = ouIds.get(path);
    if (known) return known;
    const cut = path.lastIndexOf("/");
    const parentId = await ensureOu(path.slice(0, cut));
    const { OrganizationalUnit } = await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: path.slice(cut + 1) }));
    ouIds.set(path, OrganizationalUnit!.Id!);
    return OrganizationalUnit!.Id!;
  };

  for (const account of plan.accounts.filter((a) => !a.management)) {
    const { CreateAccountStatus } = await orgs.send(new CreateAccountCommand({ AccountName: account.name, Email: account.email }));
    if (CreateAccountStatus?.AccountId !== account.id) {
      throw new Error(
        `account ${account.name} got id ${CreateAccountStatus?.AccountId}, expected ${account.id}: is the emulator TrailProof's (lib/sandbox/moto)?`,
      );
    }
    const ouId = await ensureOu(account.ouPath);
    if (ouId !== rootId) {
      await orgs.send(new MoveAccountCommand({ AccountId: account.id, SourceParentId: rootId, DestinationParentId: ouId }));
    }
  }
  return Organization.Id;
}

/**
 * The read-only audit role TrailProof assumes, and the role CloudTrail uses to write to CloudWatch Logs. In a member
 * account, the seeder's own role (OrganizationAccountAccessRole) gets the administrator rights AWS Organizations gives
 * it, so the emulator's kms:Decrypt check (trailproof_moto.py, addition 7) lets it read what it wrote.
 */
async function seedRoles(accounts: SandboxAccounts, accountId: string, externalId: string): Promise<void> {
  const iam = new IAMClient(await accounts.target(accountId, "us-east-1"));
  if (accountId !== MANAGEMENT_ACCOUNT_ID) {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: SEEDER_ROLE_NAME,
        PolicyName: "AdministratorAccess",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
      }),
    );
  }
  await iam.send(
    new CreateRoleCommand({
      RoleName: AUDIT_ROLE_NAME,
      AssumeRolePolicyDocument: JSON.stringify(trustPolicy(MANAGEMENT_ACCOUNT_ID, externalId)),
      Description: "Read-only access for TrailProof",
    }),
  );
  await iam.send(new PutRolePolicyCommand({ RoleName: AUDIT_ROLE_NAME, PolicyName: "TrailProofReadOnly", PolicyDocument: JSON.stringify(readOnlyPolicy()) }));
  await iam.send(
    new CreateRoleCommand({
      RoleName: "CloudTrail_CloudWatchLogs_Role",
      AssumeRolePolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    }),
  );
}

async function seedAccountPublicAccessBlocks(plan: SandboxPlan, accounts: SandboxAccounts): Promise<void> {
  const owners = new Set(plan.buckets.filter((b) => b.publicAccessBlock === "account").map((b) => b.ownerKey));
  for (const key of owners) {
    const account = accountByKey(plan, key);
    const target = await accounts.target(account.id, "us-east-1");
    // S3 Control prefixes the host with the account id; against a local endpoint, pin the URL (MOTO.md, section 5).
    const control = new S3ControlClient({ ...target, endpointProvider: () => ({ url: new URL(target.endpoint) }) });
    await control.send(new PutAccountPublicAccessBlockCommand({ AccountId: account.id, PublicAccessBlockConfiguration: ALL_BLOCKED }));
  }
}

async function seedBucket(plan: SandboxPlan, accounts: SandboxAccounts, bucket: PlannedBucket, organizationId: string): Promise<void> {
  const owner = accountByKey(plan, bucket.ownerKey);
  const s3 = new S3Client({ ...(await accounts.target(owner.id, bucket.region)), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: bucket.name }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket.name, Policy: JSON.stringify(cloudTrailBucketPolicy(plan, bucket, organizationId)) }));
  if (bucket.versioning !== "never") {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket.name,
        // MFA Delete can only be changed by the root user with an MFA code; the emulator accepts any.
        ...(bucket.mfaDelete ? { MFA: `arn:aws:iam::${owner.id}:mfa/root-account-mfa-device 123456` } : {}),
        VersioningConfiguration: { Status: bucket.versioning, MFADelete: bucket.mfaDelete ? "Enabled" : "Disabled" },
      }),
    );
  }
  if (bucket.publicAccessBlock === "bucket" || bucket.publicAccessBlock === "partial") {
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket.name,
        PublicAccessBlockConfiguration: bucket.publicAccessBlock === "bucket" ? ALL_BLOCKED : { ...ALL_BLOCKED, BlockPublicPolicy: false },
      }),
    );
  }
  if (bucket.accessLogging) {
    const logBucket = `${bucket.name}-access-logs`;
    await s3.send(new CreateBucketCommand({ Bucket: logBucket }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: logBucket,
        Policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "S3ServerAccessLogsPolicy",
              Effect: "Allow",
              Principal: { Service: "logging.s3.amazonaws.com" },
              Action: "s3:PutObject",
              Resource: `arn:aws:s3:::${logBucket}/s3-access/*`,
              Condition: { StringEquals: { "aws:SourceAccount": owner.id } },
            },
          ],
        }),
      }),
    );
    await s3.send(new PutBucketLoggingCommand({ Bucket: bucket.name, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: logBucket, TargetPrefix: "s3-access/" } } }));
  }
}

/** CloudTrail's documented bucket policy (without the SecureTransport deny: the emulator is plain http). */
function cloudTrailBucketPolicy(plan: SandboxPlan, bucket: PlannedBucket, organizationId: string) {
  const writers = plan.trails.filter((t) => t.bucket === bucket.name);
  const resources = writers.flatMap((trail) => {
    const base = `arn:aws:s3:::${bucket.name}/${trail.prefix ? `${trail.prefix}/` : ""}AWSLogs`;
    return trail.organization ? [`${base}/${organizationId}/*`, `${base}/${accountByKey(plan, trail.ownerKey).id}/*`] : [`${base}/${accountByKey(plan, trail.ownerKey).id}/*`];
  });
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AWSCloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: `arn:aws:s3:::${bucket.name}` },
      {
        Sid: "AWSCloudTrailWrite",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: resources.length > 0 ? resources : [`arn:aws:s3:::${bucket.name}/AWSLogs/*`],
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
      },
      ...(bucket.publicPolicy
        ? [{ Sid: "ReadForAnyone", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket.name}/*` }]
        : []),
    ],
  };
}

async function seedKey(plan: SandboxPlan, accounts: SandboxAccounts, trail: PlannedTrail): Promise<string | undefined> {
  if (trail.kms.kind === "none") return undefined;
  if (trail.kms.kind === "aws-managed") {
    const kms = new KMSClient(await accounts.target(accountByKey(plan, trail.ownerKey).id, trail.homeRegion));
    return (await kms.send(new DescribeKeyCommand({ KeyId: "alias/aws/s3" }))).KeyMetadata!.Arn!;
  }
  const owner = accountByKey(plan, trail.kms.ownerKey);
  const kms = new KMSClient(await accounts.target(owner.id, trail.homeRegion));
  const policy = trail.kms.auditRoleLeftOut ? keyPolicyWithoutAuditRole(owner.id) : trailKeyPolicy(plan, trail, owner.id);
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: `CloudTrail logs of ${trail.name}`, Policy: JSON.stringify(policy) }));
  await kms.send(new CreateAliasCommand({ AliasName: `alias/cloudtrail-${trail.name}`, TargetKeyId: KeyMetadata!.KeyId! }));
  if (trail.kms.rotation) await kms.send(new EnableKeyRotationCommand({ KeyId: KeyMetadata!.KeyId! }));
  return KeyMetadata!.Arn!;
}

/**
 * A trail key's policy as a well-run organization has it: CloudTrail's and CloudWatch Logs' statements, and the one
 * `trailproof access --format key-policy` prints for the audit role that reads the trail's bucket (its owner's).
 */
function trailKeyPolicy(plan: SandboxPlan, trail: PlannedTrail, keyOwnerId: string) {
  const bucket = plan.buckets.find((b) => b.name === trail.bucket);
  const reader = accountByKey(plan, bucket?.ownerKey ?? trail.ownerKey).id;
  const policy = cloudTrailKeyPolicy(keyOwnerId);
  return { ...policy, Statement: [...policy.Statement, keyPolicyStatement(reader, AUDIT_ROLE_NAME)] };
}

/**
 * A key policy that names its administrators instead of delegating to IAM (no account root statement) and forgets
 * the audit role: nobody else may decrypt, whatever their IAM policies say.
 */
function keyPolicyWithoutAuditRole(ownerId: string) {
  const [, ...services] = cloudTrailKeyPolicy(ownerId).Statement;
  const administrators = { Sid: "Key administrators", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ownerId}:role/${SEEDER_ROLE_NAME}` }, Action: "kms:*", Resource: "*" };
  return { Version: "2012-10-17", Statement: [administrators, ...services] };
}

/** The key policy statements CloudTrail and CloudWatch Logs need (see shared/seeds: KMS policies for CloudTrail). */
function cloudTrailKeyPolicy(ownerId: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "Enable IAM policies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ownerId}:root` }, Action: "kms:*", Resource: "*" },
      {
        Sid: "Allow CloudTrail to encrypt logs",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: { StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*" } },
      },
      {
        Sid: "Allow CloudWatch Logs",
        Effect: "Allow",
        Principal: { Service: "logs.amazonaws.com" },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
      },
    ],
  };
}

async function seedLogGroup(plan: SandboxPlan, accounts: SandboxAccounts, trail: PlannedTrail): Promise<string | undefined> {
  if (trail.logGroup === "none") return undefined;
  const owner = accountByKey(plan, trail.ownerKey);
  const logs = new CloudWatchLogsClient(await accounts.target(owner.id, trail.homeRegion));
  const name = `aws-cloudtrail-logs-${trail.name}`;
  const kmsKeyId = trail.logGroup === "encrypted" ? await seedLogGroupKey(accounts, owner.id, trail) : undefined;
  await logs.send(new CreateLogGroupCommand({ logGroupName: name, ...(kmsKeyId ? { kmsKeyId } : {}) }));
  // A year for the encrypted groups; the unencrypted one is also kept too briefly for an audit trail.
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: trail.logGroup === "encrypted" ? 365 : 30 }));
  return `arn:aws:logs:${trail.homeRegion}:${owner.id}:log-group:${name}:*`;
}

async function seedLogGroupKey(accounts: SandboxAccounts, ownerId: string, trail: PlannedTrail): Promise<string> {
  const kms = new KMSClient(await accounts.target(ownerId, trail.homeRegion));
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: `CloudWatch Logs of ${trail.name}`, Policy: JSON.stringify(cloudTrailKeyPolicy(ownerId)) }));
  await kms.send(new EnableKeyRotationCommand({ KeyId: KeyMetadata!.KeyId! }));
  return KeyMetadata!.Arn!;
}

async function seedTrail(plan: SandboxPlan, accounts: SandboxAccounts, trail: PlannedTrail, kmsKeyId?: string, logGroupArn?: string): Promise<string> {
  const owner = accountByKey(plan, trail.ownerKey);
  const cloudtrail = new CloudTrailClient(await accounts.target(owner.id, trail.homeRegion));
  const { TrailARN } = await cloudtrail.send(
    new CreateTrailCommand({
      Name: trail.name,
      S3BucketName: trail.bucket,
      ...(trail.prefix ? { S3KeyPrefix: trail.prefix } : {}),
      IsMultiRegionTrail: trail.multiRegion,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: trail.logFileValidation,
      IsOrganizationTrail: trail.organization,
      ...(kmsKeyId ? { KmsKeyId: kmsKeyId } : {}),
      ...(logGroupArn ? { CloudWatchLogsLogGroupArn: logGroupArn, CloudWatchLogsRoleArn: `arn:aws:iam::${owner.id}:role/CloudTrail_CloudWatchLogs_Role` } : {}),
    }),
  );
  if (TrailARN !== trailArn(plan, trail)) throw new Error(`trail ${trail.name} got ARN ${TrailARN}, expected ${trailArn(plan, trail)}`);
  await cloudtrail.send(new AddTagsCommand({ ResourceId: TrailARN, TagsList: [{ Key: "trailproof:demo", Value: "true" }] }));
  if (trail.managementEvents === "write-only") {
    await cloudtrail.send(new PutEventSelectorsCommand({ TrailName: trail.name, EventSelectors: [{ ReadWriteType: "WriteOnly", IncludeManagementEvents: true }] }));
  }
  // A trail starts logging once started; the sandbox trail was started and later stopped.
  await cloudtrail.send(new StartLoggingCommand({ Name: trail.name }));
  if (!trail.logging) await cloudtrail.send(new StopLoggingCommand({ Name: trail.name }));
  return TrailARN;
}
