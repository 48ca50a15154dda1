import { commandOptions } from "@/lib/cli/command-options";
import { withCommandSql } from "@/lib/cli/database";
import type { Sql } from "@/lib/db/sql";
import { runSummary, runToResume } from "@/lib/db/validations-repository";
import { preloadAlertsDatabase, printCommandAlerts, raiseCommandAlerts } from "@/lib/cli/command-alerts";
import { runStoredValidation, type StoredValidationResult } from "@/lib/services/integrity/stored-validation";
import { isUuid } from "@/lib/util/ids";
import { profileMark } from "@/lib/util/profile";

const HELP = `usage: trailproof validate --trail-arn ARN [--hours 24 | --start-time T [--end-time T]] [--regions R1,R2] [--accounts A1,A2] [--full]
       trailproof validate --resume RUN_ID

Validates every digest chain of a trail (every region it delivers to and, for an organization trail, every member
account, as the scans recorded them: never as the bucket shows them), stores every verdict and finding as it goes, and prints a summary. The trail must
have been scanned (TrailProof learns its bucket and the role that can read it from the scan). For the AWS CLI's
exact output, use \`trailproof validate-logs\`. A log file proven valid by an earlier run is not downloaded again
while S3 reports the same ETag, size and last-modified time; --full re-reads everything. --resume carries on a run that stopped half-way (its
process was killed): what it stored is kept, the rest is checked (the run id is printed when a run starts). Exit code 0 when nothing is invalid, missing or unreadable, 1 otherwise, 2 for
wrong options.`;

export async function validateCommand(args: string[]): Promise<number> {
  profileMark("validate command loaded");
  const parsed = commandOptions("validate", HELP, args, {
    "trail-arn": { type: "string" },
    hours: { type: "string" },
    "start-time": { type: "string" },
    "end-time": { type: "string" },
    regions: { type: "string" },
    accounts: { type: "string" },
    full: { type: "boolean", default: false },
    resume: { type: "string" },
  });
  if ("exit" in parsed) return parsed.exit;
  const { values } = parsed;
  const fail = (message: string) => {
    console.error(`trailproof validate: ${message}`);
    return 2;
  };
  if (values.resume) return resume(values.resume);
  if (!values["trail-arn"]) return fail("--trail-arn is required");
  const end = values["end-time"] ? new Date(values["end-time"]) : new Date();
  const hours = values.hours ? Number(values.hours) : 24;
  const start = values["start-time"] ? new Date(values["start-time"]) : new Date(end.getTime() - hours * 3_600_000);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || !(hours > 0)) return fail("the window needs ISO times (or a positive --hours)");
  if (start >= end) return fail("--start-time must be before --end-time");
  const list = (text?: string) => text?.split(",").map((s) => s.trim()).filter(Boolean);

  return withCommandSql(async (database, url) => {
    profileMark("database provided");
    return validateAndAlert(database, url, {
      onRunStarted: (runId: string) => console.log(`Validation ${runId} started (if stopped, carry on with: trailproof validate --resume ${runId})`),
      trailArn: values["trail-arn"]!,
      windowStart: start,
      windowEnd: end,
      trigger: "cli",
      regions: list(values.regions),
      accounts: list(values.accounts),
      full: values.full,
    });
  });
}

/** The run, its summary, its alerts: over a Prisma client that loads while the run works (preloadAlertsDatabase). */
async function validateAndAlert(database: Sql, url: string, options: Parameters<typeof runStoredValidation>[1]): Promise<number> {
  const alerts = preloadAlertsDatabase(url);
  try {
    const result = await runStoredValidation(database, options);
    profileMark("run stored");
    const code = await summarize(database, result);
    profileMark("summary printed");
    printCommandAlerts(await raiseCommandAlerts(url, "validation", result.runId, alerts.database));
    profileMark("alerts raised");
    return code;
  } finally {
    await alerts.close();
  }
}

/** Carries on a run that stopped half-way (a killed process): what it stored stays, the rest is checked. */
async function resume(runId: string): Promise<number> {
  return withCommandSql(async (database, url) => {
    const run = isUuid(runId) ? await runToResume(database, runId) : null;
    if (!run) {
      console.error(`trailproof validate: no validation run ${runId}`);
      return 2;
    }
    if (run.trigger !== "cli") {
      console.error(`trailproof validate: run ${runId} was requested from the UI (${run.trigger}); its job resumes it`);
      return 2;
    }
    if (run.status === "succeeded" || run.status === "partial") {
      console.error(`trailproof validate: run ${runId} already finished (${run.status}); start a new one`);
      return 2;
    }
    return validateAndAlert(database, url, {
      runId: run.id,
      trailArn: run.trailArn,
      windowStart: run.windowStart,
      windowEnd: run.windowEnd,
      trigger: run.trigger,
      full: run.full,
      regions: run.regions.length > 0 ? run.regions : undefined,
    });
  });
}

async function summarize(database: Sql, result: StoredValidationResult): Promise<number> {
    const run = await runSummary(database, result.runId);
    if (!run) throw new Error(`validation run ${result.runId} is gone`);
    console.log(`Validation ${run.id}: ${run.status}; ${result.chains.length} chains, ${run.digests_done} digests, ${run.logs_done} log files`);
    console.log(`invalid: ${run.invalid_count}, missing: ${run.missing_count}, unreadable: ${run.unreadable_count}; ${result.reusedLogs} log files unchanged since proven valid, not downloaded; ${result.reusedDigests} digests unchanged, verified again without downloading`);
    for (const f of run.findings) console.log(`finding ${f.kind}: ${f.count}`);
    for (const chain of result.chains.filter((c) => c.aborted)) console.log(`stopped: ${chain.accountId} ${chain.region}: ${chain.aborted}`);
    return run.invalid_count + run.missing_count + run.unreadable_count > 0 || run.status !== "succeeded" ? 1 : 0;
}
