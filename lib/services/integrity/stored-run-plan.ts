import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { RoleCredentials } from "@/lib/aws/credentials";
import { bucketRegion, describeOrganizationId, TrailFileClientSet } from "@/lib/aws/trail-files";
import { digestsExpectedUntil } from "@/lib/core/integrity/strict-findings";
import { planChains, type PlannedChain, type UnexpectedPrefix } from "@/lib/core/integrity/chain-plan";
import type { Sql } from "@/lib/db/sql";
import { expectedAccounts } from "@/lib/db/expected-chains-repository";
import { trailToValidate, type TrailToValidate } from "@/lib/db/validations-repository";

// The plan of a stored run, before anything is recorded: the trail and who reads its files, where its bucket is, and
// which chains (account × region) it must walk. A trail or account not scanned yet stops the run here, with what to do.

export interface StoredRunScope {
  trailArn: string;
  windowEnd: Date;
  /** Restrict to these regions / accounts (the command line's --regions / --accounts). */
  regions?: string[];
  accounts?: string[];
}

export interface StoredRunPlan {
  trail: TrailToValidate & { s3BucketName: string };
  reader: NonNullable<TrailToValidate["reader"]>;
  clients: TrailFileClientSet;
  bucket: string;
  bucketRegion: string;
  /** `{prefix/}AWSLogs/` or, for an organization trail, `…AWSLogs/{o-id}/`. */
  accountRoot: string;
  organizationId: string | null;
  chains: PlannedChain[];
  /** Folders nothing accounts for: reported, never walked. */
  unexpected: UnexpectedPrefix[];
  /** The regions the run covers, for its row. */
  regions: string[];
  /**
   * While the trail logs with log file validation on (per the latest scan), the digest ending at the window's end must
   * exist once CloudTrail had time to deliver it: how a deleted newest digest, invisible to the AWS CLI, is caught.
   * Undefined when the trail owes no digests.
   */
  expectedUntil: Date | undefined;
}

export async function planStoredRun(database: Sql, scope: StoredRunScope): Promise<StoredRunPlan> {
  const trail = await trailToValidate(database, scope.trailArn);
  if (!trail?.s3BucketName) throw new Error(`trail ${scope.trailArn} is unknown or has no bucket: scan its account first`);
  // The bucket's owner reads the files when TrailProof has its role (a log-archive account), else the trail's owner.
  const reader = trail.reader;
  if (!reader) throw new Error(`account ${trail.accountId} of trail ${scope.trailArn} is unknown: scan it first`);
  const clients = new TrailFileClientSet(new RoleCredentials("validate").for({ accountId: reader.id, roleName: reader.roleName, externalId: reader.externalId }));
  const bucket = trail.s3BucketName;
  const region = await bucketRegion(clients, "us-east-1", bucket);
  const organizationId = trail.isOrganizationTrail ? await organizationIdOf(clients, trail.arn) : null;
  const { accountRoot, chains, unexpected } = await planChains({
    trail,
    root: `${trail.s3KeyPrefix ? `${trail.s3KeyPrefix}/` : ""}AWSLogs/`,
    organizationId,
    expected: await expectedAccounts(database, trail),
    listFolders: (prefix) => childPrefixes(clients, region, bucket, prefix),
    onlyAccounts: scope.accounts,
    onlyRegions: scope.regions,
  });
  // Digests are owed only by a trail that logs with log file validation on: without it CloudTrail writes none, and a
  // chain without digests is not a deleted one.
  const owesDigests = trail.loggingStatus === "pass" && trail.logFileValidation;
  const expectedUntil = owesDigests ? digestsExpectedUntil(scope.windowEnd, new Date()) : undefined;
  return {
    trail: { ...trail, s3BucketName: bucket },
    reader,
    clients,
    bucket,
    bucketRegion: region,
    accountRoot,
    organizationId,
    chains,
    unexpected,
    regions: [...new Set(chains.map((c) => c.region))].sort(),
    expectedUntil,
  };
}

async function childPrefixes(clients: TrailFileClientSet, region: string, bucket: string, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.s3(region).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: "/", ContinuationToken: token }));
    for (const p of page.CommonPrefixes ?? []) if (p.Prefix) names.push(p.Prefix.slice(prefix.length, -1));
    token = page.NextContinuationToken;
  } while (token);
  return names;
}

/** The organization id from AWS Organizations (any account of the organization may ask), never from the bucket. */
async function organizationIdOf(clients: TrailFileClientSet, trailArn: string): Promise<string> {
  try {
    return await describeOrganizationId(clients);
  } catch (error) {
    throw new Error(`organization trail ${trailArn}: could not learn the organization id (organizations:DescribeOrganization): ${error instanceof Error ? error.message : String(error)}`);
  }
}
