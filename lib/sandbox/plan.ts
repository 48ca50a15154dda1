import { createHash } from "node:crypto";

// The demo organization, described as data: which accounts exist, and which trail sits where in which compliance
// state. Pure and deterministic from its options, so the seeder, the manifest and the tests all read one truth.
// Every checklist item passes on some trail and fails on another.

export interface SandboxOptions {
  seed: number;
  /** Member accounts besides the management account (the first six are the named archetypes). */
  members: number;
  /** Regions where the multi-region trails deliver files (the first is every trail's default home region). */
  regions: string[];
  /** File volume per chain (trail × region × account); larger for benchmarks. */
  files?: FileVolume;
}

export interface FileVolume {
  hours: number;
  logsPerHour: [number, number];
  /** Approximate uncompressed size of one log file. */
  logBytes: number;
}

export const DEMO_FILE_VOLUME: FileVolume = { hours: 24, logsPerHour: [1, 3], logBytes: 6_000 };

export const DEFAULT_OPTIONS: SandboxOptions = { seed: 7, members: 6, regions: ["us-east-1", "eu-west-1"] };

export const MANAGEMENT_ACCOUNT_ID = "123456789012"; // moto's default account: the caller without assumed roles
export const AUDIT_ROLE_NAME = "TrailProofAudit";

export interface PlannedAccount {
  key: string;
  name: string;
  email: string;
  /** Known before creation: the emulator derives member ids from the email (trailproof_moto.py, addition 6). */
  id: string;
  ouPath: string;
  management: boolean;
}

export type KmsSetup =
  | { kind: "none" }
  | {
      kind: "customer-managed";
      ownerKey: string;
      rotation: boolean;
      /**
       * The key policy leaves TrailProof's audit roles out (no statement for them, no delegation to IAM): S3 refuses
       * its log files to them (kms:Decrypt denied), as on real AWS when nobody added `trailproof access --format
       * key-policy`'s statement.
       */
      auditRoleLeftOut?: boolean;
    }
  | { kind: "aws-managed" }; // a key behind alias/aws/*: a key id alone does not prove a CMK

/** "account": blocked by the bucket owner's account-level setting only (the bucket-level call finds nothing). */
export type PublicAccessBlockSetup = "bucket" | "account" | "partial" | "none";

export interface PlannedBucket {
  name: string;
  ownerKey: string;
  region: string;
  versioning: "Enabled" | "Suspended" | "never";
  mfaDelete: boolean;
  publicAccessBlock: PublicAccessBlockSetup;
  accessLogging: boolean;
  /** A bucket policy statement that lets anyone read the logs: the worst case. */
  publicPolicy?: boolean;
}

export type LogGroupSetup = "none" | "encrypted" | "unencrypted";

export interface PlannedTrail {
  key: string;
  name: string;
  ownerKey: string;
  homeRegion: string;
  multiRegion: boolean;
  organization: boolean;
  logFileValidation: boolean;
  logging: boolean;
  kms: KmsSetup;
  logGroup: LogGroupSetup;
  /** Management events captured: both reads and writes (AWS's default), or writes only. */
  managementEvents?: "all" | "write-only";
  bucket: string;
  prefix: string | null;
  /** What the owner means this trail to show, in a sentence for the demo and the manifest. */
  story: string;
}

export interface SandboxPlan {
  options: SandboxOptions;
  accounts: PlannedAccount[];
  buckets: PlannedBucket[];
  trails: PlannedTrail[];
}

/** Same formula as trailproof_moto.py's account_id_for_email. */
export function accountIdForEmail(email: string): string {
  const digest = BigInt(`0x${createHash("sha256").update(email).digest("hex")}`);
  return String((digest % 900_000_000_000n) + 100_000_000_000n);
}

const ARCHETYPE_ACCOUNTS: { key: string; name: string; ouPath: string }[] = [
  { key: "log-archive", name: "log-archive", ouPath: "Root/Security" },
  { key: "audit", name: "security-audit", ouPath: "Root/Security" },
  { key: "payments-prod", name: "payments-prod", ouPath: "Root/Workloads/Prod" },
  { key: "payments-dev", name: "payments-dev", ouPath: "Root/Workloads/Dev" },
  { key: "data-platform", name: "data-platform", ouPath: "Root/Workloads/Prod" },
  { key: "sandbox", name: "sandbox", ouPath: "Root/Sandbox" },
];

function planAccounts(options: SandboxOptions): PlannedAccount[] {
  const management: PlannedAccount = {
    key: "management",
    name: "management",
    email: `management+${options.seed}@trailproof.example`,
    id: MANAGEMENT_ACCOUNT_ID,
    ouPath: "Root",
    management: true,
  };
  const members = Array.from({ length: options.members }, (_, index) => {
    const archetype = ARCHETYPE_ACCOUNTS[index] ?? {
      key: `workload-${String(index + 1).padStart(3, "0")}`,
      name: `workload-${String(index + 1).padStart(3, "0")}`,
      ouPath: index % 2 === 0 ? "Root/Workloads/Prod" : "Root/Workloads/Dev",
    };
    const email = `${archetype.key}+${options.seed}@trailproof.example`;
    return { ...archetype, email, id: accountIdForEmail(email), management: false };
  });
  return [management, ...members];
}

export function planSandbox(options: SandboxOptions = DEFAULT_OPTIONS): SandboxPlan {
  const accounts = planAccounts(options);
  const has = (key: string) => accounts.some((a) => a.key === key);
  const idOf = (key: string) => accounts.find((a) => a.key === key)?.id ?? MANAGEMENT_ACCOUNT_ID;
  const home = options.regions[0] ?? "us-east-1";
  const archive = has("log-archive") ? "log-archive" : "management";
  const bucketName = (purpose: string, ownerKey: string) => `tp-${purpose}-${idOf(ownerKey)}-${options.seed}`;

  const buckets: PlannedBucket[] = [];
  const trails: PlannedTrail[] = [];
  const addBucket = (bucket: PlannedBucket) => buckets.push(bucket);

  // The organization trail: every control in place, its bucket in the log-archive account.
  addBucket({ name: bucketName("org-trail", archive), ownerKey: archive, region: home, versioning: "Enabled", mfaDelete: true, publicAccessBlock: "bucket", accessLogging: true });
  trails.push({
    key: "org-trail", name: "organization-trail", ownerKey: "management", homeRegion: home, multiRegion: true, organization: true,
    logFileValidation: true, logging: true, kms: { kind: "customer-managed", ownerKey: "management", rotation: true }, logGroup: "encrypted",
    bucket: bucketName("org-trail", archive), prefix: "org", story: "The organization trail: every control in place; its bucket lives in the log-archive account.",
  });

  if (has("audit")) {
    // Home region elsewhere, key and bucket in another account: cross-account reads must work, never a false fail.
    trails.push({
      key: "security-trail", name: "security-trail", ownerKey: "audit", homeRegion: options.regions[1] ?? home, multiRegion: true,
      organization: false, logFileValidation: true, logging: true, kms: { kind: "customer-managed", ownerKey: archive, rotation: true, auditRoleLeftOut: true },
      logGroup: "encrypted", bucket: bucketName("org-trail", archive), prefix: "security",
      story: "Compliant, with its KMS key and bucket in the log-archive account; the key's policy leaves TrailProof's audit role out, so its log files cannot be read (kms:Decrypt denied).",
    });
  }
  if (has("payments-prod")) {
    // Public access is blocked at the account level only: the bucket-level call says nothing, and that must pass.
    addBucket({ name: bucketName("payments-trail", "payments-prod"), ownerKey: "payments-prod", region: home, versioning: "Enabled", mfaDelete: true, publicAccessBlock: "account", accessLogging: false });
    trails.push({
      key: "payments-trail", name: "payments-trail", ownerKey: "payments-prod", homeRegion: home, multiRegion: true, organization: false,
      logFileValidation: true, logging: true, kms: { kind: "customer-managed", ownerKey: "payments-prod", rotation: true }, logGroup: "encrypted",
      bucket: bucketName("payments-trail", "payments-prod"), prefix: null, story: "Compliant but for bucket access logging; public access blocked at the account level; its logs were tampered with.",
    });
  }
  if (has("payments-dev")) {
    addBucket({ name: bucketName("dev-trail", "payments-dev"), ownerKey: "payments-dev", region: home, versioning: "never", mfaDelete: false, publicAccessBlock: "none", accessLogging: false, publicPolicy: true });
    trails.push({
      key: "dev-trail", name: "dev-trail", ownerKey: "payments-dev", homeRegion: home, multiRegion: false, organization: false,
      logFileValidation: false, logging: true, kms: { kind: "none" }, logGroup: "none",
      bucket: bucketName("dev-trail", "payments-dev"), prefix: null, story: "A single-region trail with none of the controls, and a bucket anyone can read.",
    });
  }
  if (has("data-platform")) {
    addBucket({ name: bucketName("data-trail", "data-platform"), ownerKey: "data-platform", region: home, versioning: "Enabled", mfaDelete: false, publicAccessBlock: "partial", accessLogging: true });
    trails.push({
      key: "data-trail", name: "data-trail", ownerKey: "data-platform", homeRegion: home, multiRegion: true, organization: false,
      logFileValidation: true, logging: true, kms: { kind: "aws-managed" }, logGroup: "unencrypted", managementEvents: "write-only",
      bucket: bucketName("data-trail", "data-platform"), prefix: null,
      story: "Encrypted with an AWS-managed key; write events only; an unencrypted log group kept 30 days; MFA Delete off; public access only partly blocked.",
    });
  }
  if (has("sandbox")) {
    addBucket({ name: bucketName("sandbox-trail", "sandbox"), ownerKey: "sandbox", region: home, versioning: "Enabled", mfaDelete: true, publicAccessBlock: "bucket", accessLogging: true });
    trails.push({
      key: "sandbox-trail", name: "sandbox-trail", ownerKey: "sandbox", homeRegion: home, multiRegion: true, organization: false,
      logFileValidation: true, logging: false, kms: { kind: "customer-managed", ownerKey: "sandbox", rotation: false }, logGroup: "none",
      bucket: bucketName("sandbox-trail", "sandbox"), prefix: null, story: "Logging was stopped; its KMS key does not rotate; no CloudWatch Logs.",
    });
  }
  // Further members cycle through a compliant and a weak shape, so large organizations stay mixed.
  accounts.filter((a) => a.key.startsWith("workload-")).forEach((account, index) => {
    const strong = index % 2 === 0;
    addBucket({ name: bucketName("trail", account.key), ownerKey: account.key, region: home, versioning: strong ? "Enabled" : "Suspended", mfaDelete: strong, publicAccessBlock: strong ? "bucket" : "none", accessLogging: strong });
    trails.push({
      key: `${account.key}-trail`, name: `${account.key}-trail`, ownerKey: account.key, homeRegion: home, multiRegion: strong, organization: false,
      logFileValidation: strong, logging: true, kms: strong ? { kind: "customer-managed", ownerKey: account.key, rotation: true } : { kind: "none" },
      logGroup: strong ? "encrypted" : "none", bucket: bucketName("trail", account.key), prefix: null,
      story: strong ? "A compliant workload trail." : "A workload trail with weak settings.",
    });
  });

  return { options, accounts, buckets, trails };
}

export function accountByKey(plan: SandboxPlan, key: string): PlannedAccount {
  const account = plan.accounts.find((a) => a.key === key);
  if (!account) throw new Error(`sandbox plan has no account ${key}`);
  return account;
}

export function trailArn(plan: SandboxPlan, trail: PlannedTrail): string {
  return `arn:aws:cloudtrail:${trail.homeRegion}:${accountByKey(plan, trail.ownerKey).id}:trail/${trail.name}`;
}
