import type { CheckStatus } from "@/lib/core/checks/types";
import { expectedChecks } from "@/lib/sandbox/expected-checks";
import type { SandboxPlan } from "@/lib/sandbox/plan";
import { accountByKey } from "@/lib/sandbox/plan";
import type { SeededInfrastructure } from "@/lib/sandbox/seed-infrastructure";

// What the demo organization holds, as the tests and the AWS CLI should find it: every account, every trail with
// its configuration, and (from the file seeding) every file and tampering with the verdict it must get.

export interface ManifestAccount {
  id: string;
  name: string;
  email: string;
  ouPath: string;
  management: boolean;
}

export interface ManifestTrail {
  key: string;
  arn: string;
  name: string;
  accountId: string;
  homeRegion: string;
  multiRegion: boolean;
  organization: boolean;
  logFileValidation: boolean;
  logging: boolean;
  kms: {
    kind: "none" | "customer-managed" | "aws-managed";
    keyArn: string | null;
    keyAccountId: string | null;
    rotation: boolean;
    /** The key policy leaves TrailProof's audit roles out: its log files cannot be read (kms:Decrypt denied). */
    auditRoleLeftOut: boolean;
  };
  logGroup: { kind: "none" | "encrypted" | "unencrypted"; arn: string | null };
  bucket: {
    name: string;
    accountId: string;
    region: string;
    versioning: "Enabled" | "Suspended" | "never";
    mfaDelete: boolean;
    publicAccessBlock: "bucket" | "account" | "partial" | "none";
    accessLogging: boolean;
  };
  prefix: string | null;
  story: string;
  /** The verdict each checklist item must get for this trail. */
  expectedChecks: Record<string, CheckStatus>;
}

export interface SandboxManifest {
  version: 1;
  seed: number;
  regions: string[];
  createdAt: string;
  organizationId: string;
  auditRoleName: string;
  externalId: string;
  accounts: ManifestAccount[];
  trails: ManifestTrail[];
  integrity?: unknown;
}

export function buildManifest(plan: SandboxPlan, seeded: SeededInfrastructure, auditRoleName: string): SandboxManifest {
  return {
    version: 1,
    seed: plan.options.seed,
    regions: plan.options.regions,
    createdAt: new Date().toISOString(),
    organizationId: seeded.organizationId,
    auditRoleName,
    externalId: seeded.externalId,
    accounts: plan.accounts.map(({ id, name, email, ouPath, management }) => ({ id, name, email, ouPath, management })),
    trails: plan.trails.map((trail) => {
      const bucket = plan.buckets.find((b) => b.name === trail.bucket);
      if (!bucket) throw new Error(`sandbox plan has no bucket ${trail.bucket}`);
      const keyArn = seeded.kmsKeyArns[trail.key] ?? null;
      return {
        key: trail.key,
        arn: seeded.trailArns[trail.key]!,
        name: trail.name,
        accountId: accountByKey(plan, trail.ownerKey).id,
        homeRegion: trail.homeRegion,
        multiRegion: trail.multiRegion,
        organization: trail.organization,
        logFileValidation: trail.logFileValidation,
        logging: trail.logging,
        kms: {
          kind: trail.kms.kind,
          keyArn,
          keyAccountId: keyArn ? (keyArn.split(":")[4] ?? null) : null,
          rotation: trail.kms.kind === "customer-managed" && trail.kms.rotation,
          auditRoleLeftOut: trail.kms.kind === "customer-managed" && trail.kms.auditRoleLeftOut === true,
        },
        logGroup: { kind: trail.logGroup, arn: seeded.logGroupArns[trail.key] ?? null },
        bucket: {
          name: bucket.name,
          accountId: accountByKey(plan, bucket.ownerKey).id,
          region: bucket.region,
          versioning: bucket.versioning,
          mfaDelete: bucket.mfaDelete,
          publicAccessBlock: bucket.publicAccessBlock,
          accessLogging: bucket.accessLogging,
        },
        prefix: trail.prefix,
        story: trail.story,
        expectedChecks: expectedChecks(trail, bucket),
      };
    }),
  };
}
