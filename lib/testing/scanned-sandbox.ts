import type { Database } from "@/lib/db/client";
import type { SandboxOptions } from "@/lib/sandbox/plan";
import type { IntegritySection } from "@/lib/sandbox/seed-files";
import { runScan } from "@/lib/services/scan/run-scan";
import { targetsFromOrganization } from "@/lib/services/scan/targets";
import { resetDatabase } from "@/lib/testing/database";
import { startTestSandbox } from "@/lib/testing/sandbox";

export type ScannedSandbox = Awaited<ReturnType<typeof startTestSandbox>> & { integrity: IntegritySection };

/**
 * The demo organization with its log and digest files, in an emptied database, scanned as `npm start` registers it
 * (in the manifest's regions): what a stored validation needs before it can run. Call it in `beforeAll`.
 */
export async function startScannedSandbox(prisma: Database, options?: SandboxOptions): Promise<ScannedSandbox> {
  const sandbox = await startTestSandbox(options, { files: true });
  try {
    await resetDatabase();
    const targets = await targetsFromOrganization(prisma, { externalId: sandbox.manifest.externalId });
    await runScan(prisma, { targets, trigger: "test", regions: sandbox.manifest.regions });
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  return { ...sandbox, integrity: sandbox.manifest.integrity as IntegritySection };
}
