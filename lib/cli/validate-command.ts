import { commandOptions } from "@/lib/cli/command-options";
import { withCommandDatabase } from "@/lib/cli/database";
import { runStoredValidation } from "@/lib/services/integrity/stored-validation";

const HELP = `usage: trailproof validate --trail-arn ARN [--hours 24 | --start-time T [--end-time T]] [--regions R1,R2] [--accounts A1,A2] [--full]

Validates every digest chain of a trail (every region it delivers to and, for an organization trail, every member
account, as found in its bucket), stores every verdict and finding as it goes, and prints a summary. The trail must
have been scanned (TrailProof learns its bucket and the role that can read it from the scan). For the AWS CLI's
exact output, use \`trailproof validate-logs\`. A log file proven valid by an earlier run is not downloaded again
while S3 reports the same ETag; --full re-reads everything. Exit code 0 when nothing is invalid or missing, 1 otherwise, 2 for
wrong options.`;

export async function validateCommand(args: string[]): Promise<number> {
  const parsed = commandOptions("validate", HELP, args, {
    "trail-arn": { type: "string" },
    hours: { type: "string" },
    "start-time": { type: "string" },
    "end-time": { type: "string" },
    regions: { type: "string" },
    accounts: { type: "string" },
    full: { type: "boolean", default: false },
  });
  if ("exit" in parsed) return parsed.exit;
  const { values } = parsed;
  const fail = (message: string) => {
    console.error(`trailproof validate: ${message}`);
    return 2;
  };
  if (!values["trail-arn"]) return fail("--trail-arn is required");
  const end = values["end-time"] ? new Date(values["end-time"]) : new Date();
  const hours = values.hours ? Number(values.hours) : 24;
  const start = values["start-time"] ? new Date(values["start-time"]) : new Date(end.getTime() - hours * 3_600_000);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || !(hours > 0)) return fail("the window needs ISO times (or a positive --hours)");
  if (start >= end) return fail("--start-time must be before --end-time");
  const list = (text?: string) => text?.split(",").map((s) => s.trim()).filter(Boolean);

  return withCommandDatabase(async (database) => {
    const result = await runStoredValidation(database, {
      trailArn: values["trail-arn"]!,
      windowStart: start,
      windowEnd: end,
      trigger: "cli",
      regions: list(values.regions),
      accounts: list(values.accounts),
      full: values.full,
    });
    const run = await database.validationRun.findUniqueOrThrow({ where: { id: result.runId } });
    const findings = await database.finding.groupBy({ by: ["kind"], where: { runId: result.runId }, _count: true });
    console.log(`Validation ${run.id}: ${run.status}; ${result.chains.length} chains, ${run.digestsDone} digests, ${run.logsDone} log files`);
    console.log(`invalid: ${run.invalidCount}, missing: ${run.missingCount}; ${result.reusedLogs} log files unchanged since proven valid, not downloaded; ${result.reusedDigests} digests unchanged, verified again without downloading`);
    for (const f of findings) console.log(`finding ${f.kind}: ${f._count}`);
    for (const chain of result.chains.filter((c) => c.aborted)) console.log(`stopped: ${chain.accountId} ${chain.region}: ${chain.aborted}`);
    return run.invalidCount + run.missingCount > 0 || run.status !== "succeeded" ? 1 : 0;
  });
}
