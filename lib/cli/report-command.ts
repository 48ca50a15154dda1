import fs from "node:fs";
import path from "node:path";
import { cliAudit } from "@/lib/cli/cli-audit";
import { commandOptions } from "@/lib/cli/command-options";
import { withCommandDatabase } from "@/lib/cli/database";
import { exportEvidence } from "@/lib/services/evidence/export-evidence";
import { describeScope, parseScopeArgument, windowSchema } from "@/lib/services/evidence/scope";
import { writeFileAtomically } from "@/lib/util/write-file-atomically";

const HELP = `usage: trailproof report --scope org|account:ACCOUNT_ID|trail:TRAIL_ARN [--from T] [--to T] --out FILE.pdf [--bundle FILE.zip]

Writes the evidence report (PDF) and its evidence bundle (zip: the report, the same findings as JSON and CSV, a
SHA-256 manifest, VERIFY.txt) for the organization, one account or one trail over a window (ISO times; --to defaults
to now, --from to 30 days before --to), and records the export in PostgreSQL with who ran it (the OS user), the
scope, the window and every hash. The bundle goes beside the PDF (FILE.zip) unless --bundle names it. Files are
written whole or not at all. Exit code 0 when written, 1 when the export was refused (unknown account or trail, no
accounts, …), 2 for wrong options.`;

const DAY_MS = 86_400_000;

export async function reportCommand(args: string[]): Promise<number> {
  const parsed = commandOptions("report", HELP, args, {
    scope: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    out: { type: "string" },
    bundle: { type: "string" },
  });
  if ("exit" in parsed) return parsed.exit;
  const { values } = parsed;
  const fail = (message: string) => {
    console.error(`trailproof report: ${message}\n\n${HELP}`);
    return 2;
  };
  if (!values.scope) return fail("--scope is required");
  if (!values.out) return fail("--out is required");
  let scope;
  try {
    scope = parseScopeArgument(values.scope);
  } catch (error) {
    return fail((error as Error).message);
  }
  const to = values.to ?? new Date().toISOString();
  const window = windowSchema.safeParse({ from: values.from ?? new Date(new Date(to).getTime() - 30 * DAY_MS), to });
  if (!window.success) return fail(`--from/--to: ${window.error.issues[0]?.message ?? "invalid"}`);
  const out = path.resolve(values.out);
  const bundlePath = path.resolve(values.bundle ?? out.replace(/\.pdf$/i, "") + ".zip");
  if (!fs.existsSync(path.dirname(out))) return fail(`the folder of --out does not exist: ${path.dirname(out)}`);
  if (!fs.existsSync(path.dirname(bundlePath))) return fail(`the folder of --bundle does not exist: ${path.dirname(bundlePath)}`);

  return withCommandDatabase(async (database) => {
    const audit = cliAudit("report");
    const result = await exportEvidence(database, { scope, window: window.data, requestedBy: audit.actor.name, audit });
    writeFileAtomically(out, result.pdf);
    writeFileAtomically(bundlePath, result.bundle);
    console.log(`Evidence export ${result.id}: ${describeScope(scope)}, ${window.data.from.toISOString()} to ${window.data.to.toISOString()}`);
    console.log(`report  ${out} (${result.pages} pages)  sha256 ${result.pdfSha256}`);
    console.log(`bundle  ${bundlePath}  sha256 ${result.bundleSha256}`);
    console.log(`manifest sha256 ${result.manifestSha256} (printed in the report)`);
    for (const notice of result.notices) console.log(`note: ${notice}`);
    return 0;
  });
}
