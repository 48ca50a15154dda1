import type { AwsCliLogBehaviour } from "@/lib/core/integrity/awscli-behaviour";
import { generateTrailFiles, type SandboxBucket, type TrailFiles, type TrailFilesSpec } from "@/lib/sandbox/cloudtrail-files";
import type { TamperChange } from "@/lib/sandbox/cloudtrail-tamper";
import { DEMO_TAMPERING } from "@/lib/sandbox/demo-tampering";
import { type ExpectedChain, expectedChain } from "@/lib/sandbox/expected-validation";
import { accountByKey, AUDIT_ROLE_NAME, DEMO_FILE_VOLUME, type PlannedTrail, type SandboxPlan } from "@/lib/sandbox/plan";
import type { SandboxAccounts } from "@/lib/sandbox/sandbox-clients";
import type { SeededInfrastructure } from "@/lib/sandbox/seed-infrastructure";
import { registerPublicKeys, uploadObjects } from "@/lib/sandbox/upload-trail-files";
import { awscliLogBehaviour } from "@/lib/services/integrity/awscli-compat";

// Delivers what CloudTrail would have: for every trail with log file validation, every region it covers and (for
// the organization trail) every account, hours of log files and signed hourly digests (24 by default); then plants the demo
// tampering. Each chain's expected outcome is recorded in the manifest: the exact awscli output and exit code, the
// strict findings, and the verdict of every file, predicted from the plan and each tampering kind's intent
// (expected-validation.ts, tamper-intent.ts), never by TrailProof's validator; the AWS CLI test checks them against
// the real `aws cloudtrail validate-logs`.

const HOUR = 3_600_000;

export interface ChainExpectation extends ExpectedChain {
  trailKey: string;
  trailArn: string;
  accountId: string;
  region: string;
  bucket: string;
  prefix: string | null;
  organizationId: string | null;
  start: string;
  end: string;
  objects: number;
  tampering: TamperChange[];
  /**
   * The trail's KMS key policy leaves the audit roles out: S3 refuses every log file (digests are SSE-S3 and read),
   * so the AWS CLI stops at the first one (255) and a stored run records them all `unreadable`.
   */
  kmsDenied: { keyArn: string } | null;
}

export interface IntegritySection {
  /** Whose output `awscli` predicts: the current AWS CLI, or the one TRAILPROOF_AWSCLI_COMPAT named when seeding. */
  awscliBehaviour: AwsCliLogBehaviour;
  hours: number;
  end: string;
  chains: ChainExpectation[];
}

/** One digest chain the demo delivers: a trail, an account and a region. */
export interface Chain {
  trail: PlannedTrail;
  accountKey: string;
  regionIndex: 0 | 1;
  region: string;
}

export function chainsOf(plan: SandboxPlan): Chain[] {
  return plan.trails
    .filter((trail) => trail.logFileValidation)
    .flatMap((trail) => {
      const regions = trail.multiRegion ? plan.options.regions : [trail.homeRegion];
      const accounts = trail.organization ? plan.accounts.map((a) => a.key) : [trail.ownerKey];
      return accounts.flatMap((accountKey) =>
        regions.slice(0, 2).map((region, index) => ({ trail, accountKey, regionIndex: index as 0 | 1, region })),
      );
    });
}

/** Where the demo plants tampering on this chain, if anywhere. */
export function placementFor(chain: Chain) {
  return DEMO_TAMPERING.find(
    (p) => p.trail === chain.trail.key && p.region === chain.regionIndex && (p.account === chain.accountKey || (p.account === "owner" && chain.accountKey === chain.trail.ownerKey)),
  );
}

export function specFor(plan: SandboxPlan, chain: Chain, seeded: Pick<SeededInfrastructure, "organizationId">, end: Date): TrailFilesSpec {
  const { trail } = chain;
  const home = trail.homeRegion === chain.region;
  const volume = plan.options.files ?? DEMO_FILE_VOLUME;
  const hours = volume.hours;
  return {
    seed: `demo:${plan.options.seed}:${trail.key}:${chain.accountKey}:${chain.region}`,
    bucket: trail.bucket,
    prefix: trail.prefix,
    organizationId: trail.organization ? seeded.organizationId : null,
    accountId: accountByKey(plan, chain.accountKey).id,
    sourceRegion: chain.region,
    homeRegion: trail.homeRegion,
    trailName: trail.name,
    start: new Date(end.getTime() - hours * HOUR),
    hours,
    logsPerHour: volume.logsPerHour,
    logBytes: volume.logBytes,
    keyRotations: [Math.floor(hours / 2)],
    // The sandbox trail stopped logging four hours ago; the security trail was stopped for two hours at home.
    stops: !trail.logging ? [{ from: hours - 4, to: hours }] : trail.key === "security-trail" && home ? [{ from: 8, to: 10 }] : [],
    backfillHours: placementFor(chain)?.backfillHours ?? [],
  };
}

/**
 * The session name of the audit role `aws cloudtrail validate-logs` runs as in the demo's AWS CLI comparison
 * (seed-files.int.test.ts): S3's AccessDenied text names the session.
 */
export const AWSCLI_READER_SESSION = "parity-check";

/**
 * What S3 answers the AWS CLI's GetObject of such a chain's log file, written from the intent (the key policy names
 * neither the audit role nor its account: trailproof_moto.py, addition 7) and the AWS CLI's wording of a ClientError.
 * The AWS CLI reads a trail of one account as that account's audit role.
 */
interface KmsRefusal {
  keyArn: string;
  /** The error the AWS CLI prints (botocore's ClientError text) before it exits 255. */
  error: string;
}

function kmsDecryptRefusal(plan: SandboxPlan, chain: Chain, kmsKeyArn: string): KmsRefusal {
  const reader = accountByKey(plan, chain.trail.ownerKey).id;
  const caller = `arn:aws:sts::${reader}:assumed-role/${AUDIT_ROLE_NAME}/${AWSCLI_READER_SESSION}`;
  const message = `User: ${caller} is not authorized to perform: kms:Decrypt on resource: ${kmsKeyArn} because no resource-based policy allows the kms:Decrypt action`;
  return { keyArn: kmsKeyArn, error: `An error occurred (AccessDenied) when calling the GetObject operation: ${message}` };
}

function expectationOf(
  chain: Chain,
  files: TrailFiles,
  trailArn: string,
  objects: SandboxBucket,
  tampering: TamperChange[],
  end: Date,
  awscli: AwsCliLogBehaviour,
  refusal: KmsRefusal | null,
): ChainExpectation {
  const { spec } = files;
  const expected = expectedChain({ files, tampering, trailArn, end, logging: chain.trail.logging, awscli, ...(refusal ? { logRefusal: refusal.error } : {}) });
  return {
    trailKey: chain.trail.key,
    trailArn,
    accountId: spec.accountId,
    region: chain.region,
    bucket: spec.bucket,
    prefix: spec.prefix ?? null,
    organizationId: spec.organizationId ?? null,
    start: spec.start.toISOString(),
    end: end.toISOString(),
    objects: objects.size,
    tampering,
    kmsDenied: refusal ? { keyArn: refusal.keyArn } : null,
    ...expected,
  };
}

/** The demo's log and digest files, with their expected outcomes. `end`: the newest digest's end (kept across restarts). */
export async function seedDemoFiles(plan: SandboxPlan, seeded: SeededInfrastructure, accounts: SandboxAccounts, end: Date): Promise<IntegritySection> {
  const chains: ChainExpectation[] = [];
  const awscliBehaviour = awscliLogBehaviour(process.env.TRAILPROOF_AWSCLI_COMPAT);
  for (const chain of chainsOf(plan)) {
    const spec = specFor(plan, chain, seeded, end);
    const files = generateTrailFiles(spec);
    const objects: SandboxBucket = new Map(files.objects);
    const tampering = (placementFor(chain)?.apply ?? []).map((apply) => apply(files, objects));
    const owner = plan.buckets.find((b) => b.name === spec.bucket)!;
    const trailArn = seeded.trailArns[chain.trail.key]!;
    const kmsKeyArn = seeded.kmsKeyArns[chain.trail.key];
    const encryption = kmsKeyArn ? { kmsKeyArn, trailArn } : undefined;
    await uploadObjects(await accounts.target(accountByKey(plan, owner.ownerKey).id, owner.region), spec.bucket, objects, encryption);
    await registerPublicKeys(accounts.endpoint, chain.region, files.keys);
    const refusal = chain.trail.kms.kind === "customer-managed" && chain.trail.kms.auditRoleLeftOut && kmsKeyArn ? kmsDecryptRefusal(plan, chain, kmsKeyArn) : null;
    chains.push(expectationOf(chain, files, trailArn, objects, tampering, end, awscliBehaviour, refusal));
  }
  return { awscliBehaviour, hours: (plan.options.files ?? DEMO_FILE_VOLUME).hours, end: end.toISOString(), chains };
}
