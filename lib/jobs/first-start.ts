import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/client";
import { requestScan, requestValidation } from "@/lib/jobs/requests";

// The first minute of the demo: at its first start the demo organization is scanned, then every trail that has log
// file validation on is validated over the last day (the span of the demo's signed log files), so the checklist and
// integrity heatmaps are full when the page opens. Through the ordinary job path (queued runs the worker carries
// out), so the pages show the progress as for "Scan now" and "Validate now". A later start keeps what is there.

export const FIRST_START_TRIGGER = "first-start";
const WINDOW_MS = 86_400_000;
const ACTIVE = ["queued", "running"] as const;
const DEMO = { account: { isDemo: true } };

export interface FirstStartOptions {
  log: (line: string) => void;
  pollMs?: number;
  /** How long to wait for the scan before giving up on the validations (they need the scan's trails). */
  scanTimeoutMs?: number;
  now?: () => Date;
}

export type FirstStartOutcome = { kind: "kept" } | { kind: "filled"; scanId: string | null; validationRunIds: string[] };

export async function fillDemoAtFirstStart(database: Database, boss: PgBoss, options: FirstStartOptions): Promise<FirstStartOutcome> {
  const { log } = options;
  // Each half is decided on its own, so a first start stopped halfway finishes at the next one. Only the demo's own
  // runs count: those of real accounts audited in between (lib/db/demo-data.ts removed the demo's then) do not fill it.
  const scanned = (await database.scanAccount.count({ where: DEMO })) > 0;
  const validated = (await database.validationRun.count({ where: DEMO })) > 0;
  if (scanned && validated) return { kind: "kept" };
  let scanId: string | null = null;
  if (!scanned) {
    log("trailproof: first start: scanning the demo organization (progress on the overview)");
    scanId = (await requestScan(database, boss, FIRST_START_TRIGGER)).runId;
  }
  if (validated) return { kind: "filled", scanId, validationRunIds: [] };
  const finished = await waitForScans(database, options);
  if (!finished) {
    log("trailproof: first start: the scan has not finished; not validating (use Validate now)");
    return { kind: "filled", scanId, validationRunIds: [] };
  }
  const trails = await database.trail.findMany({ where: { ...DEMO, logFileValidation: true, s3BucketName: { not: null } }, select: { id: true }, orderBy: { arn: "asc" } });
  log(`trailproof: first start: validating the last 24 hours of the ${trails.length} trail(s) with log file validation on (progress on the integrity page)`);
  const windowEnd = (options.now ?? (() => new Date()))();
  const windowStart = new Date(windowEnd.getTime() - WINDOW_MS);
  const validationRunIds: string[] = [];
  for (const trail of trails) {
    validationRunIds.push((await requestValidation(database, boss, { trailId: trail.id, windowStart, windowEnd, trigger: FIRST_START_TRIGGER })).runId);
  }
  return { kind: "filled", scanId, validationRunIds };
}

/** True once no scan is queued or running; false if one still is after the timeout. */
async function waitForScans(database: Database, options: FirstStartOptions): Promise<boolean> {
  const deadline = Date.now() + (options.scanTimeoutMs ?? 10 * 60_000);
  while ((await database.scanRun.count({ where: { status: { in: [...ACTIVE] } } })) > 0) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1_000));
  }
  return true;
}
