import fs from "node:fs";
import path from "node:path";
import { commandOptions } from "@/lib/cli/command-options";
import { withCommandDatabase } from "@/lib/cli/database";
import { EvidenceError } from "@/lib/services/evidence/evidence-error";
import { EXPORT_FORMATS, exportFindings, type ExportFormat, type ExportOutput } from "@/lib/services/export/export-findings";
import { writeFileAtomically } from "@/lib/util/write-file-atomically";

const HELP = `usage: trailproof export --format ocsf|asff|csv [--account ACCOUNT_ID ...] [--trail TRAIL_ARN] [--since T] [--output FILE] [--region R]

Exports every failing check of each account's latest scan, and every INVALID, missing or unreadable log or digest
file (by its latest verdict) and every current integrity finding of the validations, as:
  ocsf   OCSF 1.8.0 events, one JSON object per line: Compliance Finding (2003) for checks, Detection Finding (2004)
         for integrity problems;
  asff   AWS Security Finding Format, for Security Hub's BatchImportFindings: with --output FILE.json, one JSON array
         file per account, region and 100 findings (FILE-ACCOUNT-REGION-001.json, …), each ready for
         \`aws securityhub batch-import-findings --findings file://…\` with that account's credentials in that region;
         without --output, one finding per line;
  csv    one row per finding (RFC 4180).
Finding ids are stable: exporting the same problems again gives the same ids, so an import updates, never duplicates.
--since (ISO time, default 30 days ago) starts the window: scans and file times from then to now. --account (may be
repeated) and --trail narrow the scope. --region: the Security Hub region of an ASFF finding with no region of its
own (a check result with no trail; default us-east-1). Files are written whole or not at all; without --output the
export goes to standard output and the summary to standard error. Exit code 0 when exported, 1 when refused (unknown
account or trail, …), 2 for wrong options.`;

const DAY_MS = 86_400_000;
const ACCOUNT_ID = /^\d{12}$/;
const TRAIL_ARN = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/.+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const jsonLines = (items: unknown[]) => items.map((item) => JSON.stringify(item)).join("\n") + (items.length ? "\n" : "");

/** FILE.json → FILE-ACCOUNT-REGION-NNN.json, the name of one ASFF import batch. */
export function asffBatchPath(output: string, batch: { accountId: string; region: string; part: number }): string {
  const extension = path.extname(output) || ".json";
  const base = output.slice(0, output.length - path.extname(output).length);
  return `${base}-${batch.accountId}-${batch.region}-${String(batch.part).padStart(3, "0")}${extension}`;
}

/** Batch files an earlier export left under the same name that this one did not write: importing them would revive stale findings. */
function staleBatchFiles(output: string, written: Set<string>): string[] {
  const extension = path.extname(output) || ".json";
  const base = path.basename(output, path.extname(output));
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-\\d{12}-[a-z0-9-]+-\\d{3}${extension.replace(".", "\\.")}$`);
  return fs
    .readdirSync(path.dirname(output))
    .filter((name) => pattern.test(name))
    .map((name) => path.join(path.dirname(output), name))
    .filter((file) => !written.has(file));
}

function writeOutput(output: ExportOutput, target: string | undefined): string[] {
  const text = output.format === "csv" ? output.text : output.format === "ocsf" ? jsonLines(output.events) : null;
  if (text !== null) {
    if (target) writeFileAtomically(target, text);
    else process.stdout.write(text);
    return target ? [target] : [];
  }
  if (output.format !== "asff") return [];
  if (!target) {
    process.stdout.write(jsonLines(output.findings));
    return [];
  }
  const written = output.batches.map((batch) => {
    const file = asffBatchPath(target, batch);
    writeFileAtomically(file, JSON.stringify(batch.findings, null, 2) + "\n");
    return file;
  });
  for (const stale of staleBatchFiles(target, new Set(written))) fs.rmSync(stale, { force: true });
  return written;
}

export async function exportCommand(args: string[]): Promise<number> {
  const parsed = commandOptions("export", HELP, args, {
    format: { type: "string" },
    account: { type: "string", multiple: true },
    trail: { type: "string" },
    since: { type: "string" },
    output: { type: "string" },
    region: { type: "string" },
  });
  if ("exit" in parsed) return parsed.exit;
  const { values } = parsed;
  const fail = (message: string) => {
    console.error(`trailproof export: ${message}\n\n${HELP}`);
    return 2;
  };
  if (!values.format) return fail("--format is required");
  if (!(EXPORT_FORMATS as readonly string[]).includes(values.format)) return fail(`--format must be ocsf, asff or csv, not "${values.format}"`);
  const format = values.format as ExportFormat;
  const badAccount = values.account?.find((id) => !ACCOUNT_ID.test(id.trim()));
  if (badAccount !== undefined) return fail(`--account ${badAccount}: an account id is 12 digits`);
  if (values.trail && !TRAIL_ARN.test(values.trail.trim())) return fail(`--trail ${values.trail}: a trail ARN looks like arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME`);
  const region = values.region ?? "us-east-1";
  if (!REGION.test(region)) return fail(`--region ${region}: not an AWS region name`);
  const now = new Date();
  const since = values.since ? new Date(values.since) : new Date(now.getTime() - 30 * DAY_MS);
  if (Number.isNaN(since.getTime())) return fail(`--since ${values.since}: not an ISO 8601 time`);
  if (since.getTime() >= now.getTime()) return fail(`--since ${values.since}: must be in the past`);
  const output = values.output ? path.resolve(values.output) : undefined;
  if (output && !fs.existsSync(path.dirname(output))) return fail(`the folder of --output does not exist: ${path.dirname(output)}`);

  return withCommandDatabase(async (database) => {
    try {
      const result = await exportFindings(database, {
        format,
        defaultRegion: region,
        accountIds: values.account ? [...new Set(values.account.map((id) => id.trim()))] : undefined,
        trailArn: values.trail?.trim(),
        window: { from: since, to: now },
      });
      const files = writeOutput(result.output, output);
      const count = (type: string) => result.findings.filter((f) => f.type === type).length;
      console.error(
        `Exported ${result.findings.length} findings as ${format} (${count("check")} failing checks, ${count("file")} flagged files, ${count("integrity")} integrity findings), ${since.toISOString()} to ${now.toISOString()}.`,
      );
      for (const file of files) console.error(`wrote ${file}`);
      for (const notice of result.notices) console.error(`note: ${notice}`);
      return 0;
    } catch (error) {
      if (error instanceof EvidenceError) {
        console.error(`trailproof export: ${error.message}`);
        return 1;
      }
      throw error;
    }
  });
}
