import {
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  type PublicAccessBlockConfiguration,
} from "@aws-sdk/client-s3";
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from "@aws-sdk/client-s3-control";
import type { AwsClients } from "@/lib/aws/clients";
import { read, readOrAbsent } from "@/lib/aws/read";
import type { Bucket, PublicAccessBlockFlags, Read } from "@/lib/core/checks/snapshot";

const NO_PAB = ["NoSuchPublicAccessBlockConfiguration"];
const NO_POLICY = ["NoSuchBucketPolicy"];

function flags(config: PublicAccessBlockConfiguration | undefined): PublicAccessBlockFlags | null {
  if (!config) return null;
  return {
    blockPublicAcls: config.BlockPublicAcls ?? false,
    ignorePublicAcls: config.IgnorePublicAcls ?? false,
    blockPublicPolicy: config.BlockPublicPolicy ?? false,
    restrictPublicBuckets: config.RestrictPublicBuckets ?? false,
  };
}

/** The buckets an account owns (ListBuckets answers only for the caller), to find who owns a trail's bucket. */
export function listOwnedBuckets(clients: AwsClients, accountId: string): Promise<Read<string[]>> {
  return read("s3:ListBuckets", accountId, async () => {
    const { Buckets } = await clients.s3("us-east-1").send(new ListBucketsCommand({}));
    return (Buckets ?? []).map((b) => b.Name ?? "").filter(Boolean);
  });
}

/**
 * Reads a bucket's controls with `clients` (the owner's role when TrailProof has one, else the trail owner's).
 * The account-level public access block needs the owner's id; when no configured account owns the bucket, that read
 * is an error naming why, never a guess.
 */
export async function collectBucket(clients: AwsClients, name: string, ownerAccountId: string | null, readerAccountId: string): Promise<Bucket> {
  const s3 = clients.s3("us-east-1");
  const location = await read("s3:GetBucketLocation", readerAccountId, async () => {
    const { LocationConstraint } = await s3.send(new GetBucketLocationCommand({ Bucket: name }));
    return !LocationConstraint ? "us-east-1" : LocationConstraint === "EU" ? "eu-west-1" : LocationConstraint;
  });
  const region = location.ok ? location.value : null;
  const regional = clients.s3(region ?? "us-east-1");
  const [versioning, bucketPublicAccessBlock, policy, policyIsPublic, acl, logging] = await Promise.all([
    read("s3:GetBucketVersioning", readerAccountId, async () => {
      const v = await regional.send(new GetBucketVersioningCommand({ Bucket: name }));
      return { status: v.Status ?? null, mfaDelete: v.MFADelete ?? null };
    }),
    readOrAbsent("s3:GetBucketPublicAccessBlock", readerAccountId, NO_PAB, async () =>
      flags((await regional.send(new GetPublicAccessBlockCommand({ Bucket: name }))).PublicAccessBlockConfiguration),
    ),
    readOrAbsent("s3:GetBucketPolicy", readerAccountId, NO_POLICY, async () => (await regional.send(new GetBucketPolicyCommand({ Bucket: name }))).Policy ?? null),
    readOrAbsent("s3:GetBucketPolicyStatus", readerAccountId, NO_POLICY, async () => {
      const status = await regional.send(new GetBucketPolicyStatusCommand({ Bucket: name }));
      return status.PolicyStatus?.IsPublic ?? null;
    }),
    read("s3:GetBucketAcl", readerAccountId, async () => {
      const { Grants } = await regional.send(new GetBucketAclCommand({ Bucket: name }));
      return (Grants ?? []).map((g) => ({ granteeUri: g.Grantee?.URI ?? null, permission: g.Permission ?? "" }));
    }),
    read("s3:GetBucketLogging", readerAccountId, async () => {
      const { LoggingEnabled } = await regional.send(new GetBucketLoggingCommand({ Bucket: name }));
      return LoggingEnabled?.TargetBucket ? { targetBucket: LoggingEnabled.TargetBucket, targetPrefix: LoggingEnabled.TargetPrefix ?? "" } : null;
    }),
  ]);
  const accountPublicAccessBlock: Read<PublicAccessBlockFlags | null> = ownerAccountId
    ? await readOrAbsent("s3:GetAccountPublicAccessBlock", ownerAccountId, NO_PAB, async () =>
        flags((await clients.s3Control(region ?? "us-east-1").send(new GetAccountPublicAccessBlockCommand({ AccountId: ownerAccountId }))).PublicAccessBlockConfiguration),
      )
    : {
        ok: false,
        error: {
          call: "s3:GetAccountPublicAccessBlock",
          code: "OwnerUnknown",
          message: `bucket ${name} is not owned by any account TrailProof can read, so its owner's account-level setting is unknown`,
        },
      };
  return { name, ownerAccountId, region, versioning, bucketPublicAccessBlock, accountPublicAccessBlock, policy, policyIsPublic, acl, logging };
}
