import { createPrismaClient } from "@/lib/db/client";
import { upsertAccounts } from "@/lib/db/accounts-repository";
import type { SandboxManifest } from "@/lib/sandbox/manifest";

/** Lists the demo organization's accounts in TrailProof, marked as demo, with the role and ExternalId to use. */
export async function registerDemoAccounts(databaseUrl: string, manifest: SandboxManifest): Promise<void> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    await upsertAccounts(
      prisma,
      manifest.accounts.map((account) => ({
        id: account.id,
        name: account.name,
        email: account.email,
        ouPath: account.ouPath,
        source: "organization" as const,
        roleName: manifest.auditRoleName,
        externalId: manifest.externalId,
        // The demo organization works in these regions only (as an organization that denies the others would): the
        // emulator's DescribeRegions lists every region there is, and a multi-region trail is expected in each one
        // the scan looks at.
        regions: manifest.regions,
        isDemo: true,
      })),
    );
  } finally {
    await prisma.$disconnect();
  }
}

/** The environment that points the product's AWS SDK clients at the emulator. */
export function demoEnvironment(endpoint: string, manifestPath: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: "us-east-1",
    TRAILPROOF_DEMO: "1",
    TRAILPROOF_SANDBOX_MANIFEST: manifestPath,
  };
}
