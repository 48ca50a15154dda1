import pLimit from "p-limit";
import { AwsClients } from "@/lib/aws/clients";
import { listOwnedBuckets, collectBucket } from "@/lib/aws/collectors/bucket";
import { arnLocation, describeKmsKey, describeLogGroup } from "@/lib/aws/collectors/kms-and-logs";
import { listEnabledRegions } from "@/lib/aws/collectors/organization";
import { describeTrails, eventSelectors, trailStatus, type TrailSummary } from "@/lib/aws/collectors/trails";
import { RoleCredentials } from "@/lib/aws/credentials";
import { toCallError } from "@/lib/aws/read";
import type { CallError, TrailSnapshot } from "@/lib/core/checks/snapshot";

// Reads every trail of every target account: first what each account sees (per region), then each distinct trail
// once, in its home region, with the role of the account that owns it (or owns its bucket or key) when TrailProof
// has one. Failures are collected as data; nothing one account does can stop the others.

export interface ScanTarget {
  accountId: string;
  name: string;
  roleName: string;
  externalId: string | null;
  /** Empty: every region enabled for the account. */
  regions: string[];
}

export interface ScanIssue extends CallError {
  accountId: string;
  region: string | null;
}

export interface AccountView {
  target: ScanTarget;
  /** False when nothing could be read (the role could not be assumed, the regions could not be listed). */
  readable: boolean;
  regions: string[];
  issues: ScanIssue[];
  /** Trails visible in the account, one entry per ARN (shadow copies folded). */
  trails: TrailSummary[];
}

export interface CollectedScan {
  views: AccountView[];
  snapshots: Map<string, TrailSnapshot>;
}

export interface CollectOptions {
  /** Overrides every target's regions. */
  regions?: string[];
  /** Concurrent AWS calls at most (accounts × regions × trails share it). */
  concurrency?: number;
  purpose?: string;
  now?: () => Date;
}

export async function collectScan(targets: ScanTarget[], options: CollectOptions = {}): Promise<CollectedScan> {
  const limit = pLimit(options.concurrency ?? 16);
  const roles = new RoleCredentials(options.purpose ?? "scan");
  const clientsByAccount = new Map<string, AwsClients>();
  const credentialsByAccount = new Map<string, () => Promise<unknown>>();
  for (const target of targets) {
    const credentials = roles.for({ accountId: target.accountId, roleName: target.roleName, externalId: target.externalId });
    credentialsByAccount.set(target.accountId, credentials);
    clientsByAccount.set(target.accountId, new AwsClients(credentials));
  }

  const views = await Promise.all(
    targets.map((target) => viewAccount(target, clientsByAccount.get(target.accountId)!, credentialsByAccount.get(target.accountId)!, limit, options)),
  );
  const readable = new Map(views.filter((v) => v.readable).map((v) => [v.target.accountId, clientsByAccount.get(v.target.accountId)!]));
  const bucketOwners = await findBucketOwners(readable, limit);

  const unique = new Map<string, { trail: TrailSummary; viewer: string }>();
  for (const view of views) for (const trail of view.trails) if (!unique.has(trail.arn)) unique.set(trail.arn, { trail, viewer: view.target.accountId });

  const snapshots = new Map<string, TrailSnapshot>();
  await Promise.all(
    [...unique.values()].map(({ trail, viewer }) =>
      limit(async () => {
        // Prefer the owner's role: an organization trail is best read from the management account.
        const readerId = readable.has(trail.ownerAccountId) ? trail.ownerAccountId : viewer;
        snapshots.set(trail.arn, await snapshotTrail(trail, readerId, readable, bucketOwners, options.now?.() ?? new Date()));
      }),
    ),
  );
  return { views, snapshots };
}

async function viewAccount(
  target: ScanTarget,
  clients: AwsClients,
  credentials: () => Promise<unknown>,
  limit: ReturnType<typeof pLimit>,
  options: CollectOptions,
): Promise<AccountView> {
  const view: AccountView = { target, readable: false, regions: [], issues: [], trails: [] };
  const issue = (call: string, error: unknown, region: string | null) =>
    view.issues.push({ ...toCallError(call, error, target.accountId), accountId: target.accountId, region });

  try {
    await limit(credentials); // assume the role first: a refusal is one clear issue, not one per call
  } catch (error) {
    issue("sts:AssumeRole", error, null);
    return view;
  }
  const configured = options.regions?.length ? options.regions : target.regions;
  if (configured.length > 0) view.regions = configured;
  else {
    try {
      view.regions = await limit(() => listEnabledRegions(clients));
    } catch (error) {
      issue("ec2:DescribeRegions", error, null);
      return view;
    }
  }
  view.readable = true;

  const byArn = new Map<string, TrailSummary>();
  await Promise.all(
    view.regions.map((region) =>
      limit(async () => {
        const listed = await describeTrails(clients, region, target.accountId);
        if (!listed.ok) return void view.issues.push({ ...listed.error, accountId: target.accountId, region });
        for (const trail of listed.value) if (!byArn.has(trail.arn)) byArn.set(trail.arn, trail);
      }),
    ),
  );
  view.trails = [...byArn.values()].sort((a, b) => a.arn.localeCompare(b.arn));
  return view;
}

/** bucket name → owning account, among the accounts TrailProof can read. */
async function findBucketOwners(readable: Map<string, AwsClients>, limit: ReturnType<typeof pLimit>): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  await Promise.all(
    [...readable].map(([accountId, clients]) =>
      limit(async () => {
        const owned = await listOwnedBuckets(clients, accountId);
        if (owned.ok) for (const name of owned.value) owners.set(name, accountId);
      }),
    ),
  );
  return owners;
}

async function snapshotTrail(
  trail: TrailSummary,
  readerId: string,
  readable: Map<string, AwsClients>,
  bucketOwners: Map<string, string>,
  now: Date,
): Promise<TrailSnapshot> {
  const reader = readable.get(readerId)!;
  // A key or log group of another account is read with that account's role when TrailProof has one.
  const clientsFor = (arn: string | null) => {
    const owner = arn ? arnLocation(arn)?.accountId : undefined;
    return owner && readable.has(owner) ? { clients: readable.get(owner)!, accountId: owner } : { clients: reader, accountId: readerId };
  };
  const key = trail.kmsKeyId ? clientsFor(trail.kmsKeyId) : null;
  const group = trail.cloudWatchLogsLogGroupArn ? clientsFor(trail.cloudWatchLogsLogGroupArn) : null;
  const bucketOwner = trail.s3BucketName ? (bucketOwners.get(trail.s3BucketName) ?? null) : null;
  const bucketReader = bucketOwner && readable.has(bucketOwner) ? { clients: readable.get(bucketOwner)!, accountId: bucketOwner } : { clients: reader, accountId: readerId };

  const [status, selectors, kmsKey, logGroup, bucket] = await Promise.all([
    trailStatus(reader, trail, readerId),
    eventSelectors(reader, trail, readerId),
    trail.kmsKeyId && key ? describeKmsKey(key.clients, trail.kmsKeyId, arnLocation(trail.kmsKeyId)?.region ?? trail.homeRegion, key.accountId) : null,
    trail.cloudWatchLogsLogGroupArn && group ? describeLogGroup(group.clients, trail.cloudWatchLogsLogGroupArn, group.accountId) : null,
    trail.s3BucketName ? collectBucket(bucketReader.clients, trail.s3BucketName, bucketOwner, bucketReader.accountId) : null,
  ]);
  return { ...trail, status, eventSelectors: selectors, kmsKey, logGroup, bucket, collectedAt: now.toISOString() };
}
