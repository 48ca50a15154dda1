import fs from "node:fs/promises";
import path from "node:path";
import { cliAudit } from "@/lib/cli/cli-audit";
import { commandOptions } from "@/lib/cli/command-options";
import { withCommandDatabase } from "@/lib/cli/database";
import { listExceptions, type ExceptionRow } from "@/lib/db/exceptions-repository";
import { describeTarget, exceptionState, targetOf } from "@/lib/core/exceptions/exception";
import type { FileDiff } from "@/lib/core/exceptions/file-diff";
import { isUuid } from "@/lib/util/ids";
import { decideException } from "@/lib/services/exceptions/decide";
import { applyImport, planImport } from "@/lib/services/exceptions/import-file";
import { ExceptionRefusal, proposeException } from "@/lib/services/exceptions/propose";

const HELP = `usage: trailproof exceptions list [--json]
       trailproof exceptions add --check ID (--account ID | --trail ARN | --ou PATH) --justification TEXT --owner NAME --expires DATE [--approve]
       trailproof exceptions add --finding ID --justification TEXT --owner NAME --expires DATE [--approve]
       trailproof exceptions revoke ID --reason TEXT
       trailproof exceptions import FILE [--dry-run]

Documented, time-boxed exceptions (docs/exceptions.md). add proposes one (--approve approves it too: the command line
acts as the local administrator); --expires is a date at most a year away. import reads a YAML or JSON file (a list,
or a key exceptions: with one; fields as add's: scope, checkId, accountId | trailArn | ouPath | findingId,
justification, owner, expiresAt) and makes the exceptions in force match it: it prints what it adds, changes and
revokes, then applies it (--dry-run: prints only). Every change is in the audit trail. Exit code 0 when done, 1 when
refused (the reason is printed), 2 for wrong options.`;

export async function exceptionsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const usage = (message: string) => {
    console.error(`trailproof exceptions: ${message}\n\n${HELP}`);
    return 2;
  };
  if (sub === "--help" || sub === undefined) return sub ? (console.log(HELP), 0) : usage("say what to do: list, add, revoke or import");
  try {
    switch (sub) {
      case "list":
        return await list(rest);
      case "add":
        return await add(rest, usage);
      case "revoke":
        return await revoke(rest, usage);
      case "import":
        return await importFile(rest, usage);
      default:
        return usage(`unknown subcommand ${sub.slice(0, 40)}`);
    }
  } catch (error) {
    if (error instanceof ExceptionRefusal) {
      console.error(`trailproof exceptions ${sub}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function formatRow(row: ExceptionRow, now: Date): string {
  const state = exceptionState(row, now);
  const decided = row.approvedByName ? `approved by ${row.approvedByName} ${row.approvedAt!.toISOString().slice(0, 10)}` : "not approved";
  return [
    `${state.padEnd(9)} ${row.findingLabel ?? describeTarget(targetOf(row))}`,
    `          until ${row.expiresAt.toISOString().slice(0, 10)} · owner ${row.owner} · proposed by ${row.proposedByName} · ${decided}  (${row.id})`,
    `          ${row.justification}`,
  ].join("\n");
}

async function list(args: string[]): Promise<number> {
  const parsed = commandOptions("exceptions list", HELP, args, { json: { type: "boolean", default: false } });
  if ("exit" in parsed) return parsed.exit;
  const now = new Date();
  const rows = await withCommandDatabase((database) => listExceptions(database, 10_000));
  if (parsed.values.json) console.log(JSON.stringify(rows.map((row) => ({ ...row, state: exceptionState(row, now) })), null, 2));
  else console.log(rows.length === 0 ? "No exceptions." : [...rows.map((row) => formatRow(row, now)), "", `${rows.length} exception${rows.length === 1 ? "" : "s"}`].join("\n"));
  return 0;
}

async function add(args: string[], usage: (message: string) => number): Promise<number> {
  const parsed = commandOptions("exceptions add", HELP, args, {
    check: { type: "string" },
    account: { type: "string" },
    trail: { type: "string" },
    ou: { type: "string" },
    finding: { type: "string" },
    justification: { type: "string" },
    owner: { type: "string" },
    expires: { type: "string" },
    approve: { type: "boolean", default: false },
  });
  if ("exit" in parsed) return parsed.exit;
  const v = parsed.values;
  const scopes = [v.account ? "account" : null, v.trail ? "trail" : null, v.ou ? "organizational_unit" : null, v.finding ? "finding" : null].filter((s) => s !== null);
  if (scopes.length !== 1) return usage("name exactly one of --account, --trail, --ou or --finding");
  if (scopes[0] !== "finding" && !v.check) return usage("--check names the check the exception covers");
  const input = { scope: scopes[0], checkId: v.check, accountId: v.account, trailArn: v.trail, ouPath: v.ou, findingId: v.finding, justification: v.justification, owner: v.owner, expiresAt: v.expires };
  const audit = cliAudit("exceptions add");
  const row = await withCommandDatabase(async (database) => {
    const proposed = await proposeException(database, audit, input, { source: "cli" });
    return v.approve ? decideException(database, audit, proposed.id, "approve", null) : proposed;
  });
  console.log(`${v.approve ? "Approved" : "Proposed"}: ${describeTarget(targetOf(row))} until ${row.expiresAt.toISOString().slice(0, 10)} (${row.id})`);
  return 0;
}

async function revoke(args: string[], usage: (message: string) => number): Promise<number> {
  const [id, ...options] = args;
  const parsed = commandOptions("exceptions revoke", HELP, options, { reason: { type: "string" } });
  if ("exit" in parsed) return parsed.exit;
  if (!id || !isUuid(id)) return usage("revoke takes the exception's id (trailproof exceptions list shows them)");
  if (!parsed.values.reason?.trim()) return usage("--reason says why it is revoked");
  await withCommandDatabase((database) => decideException(database, cliAudit("exceptions revoke"), id, "revoke", parsed.values.reason!.trim()));
  console.log(`Revoked ${id}.`);
  return 0;
}

export function formatDiff(diff: FileDiff): string {
  const lines: string[] = [];
  for (const a of diff.added) lines.push(`+ add     ${describeTarget(a)} until ${a.expiresAt.toISOString().slice(0, 10)} (owner ${a.owner})`);
  for (const c of diff.changed) lines.push(`~ change  ${describeTarget(c.next)}: ${c.fields.map((f) => `${f} ${f === "expiresAt" ? `${c.current.expiresAt.toISOString().slice(0, 10)} → ${c.next.expiresAt.toISOString().slice(0, 10)}` : "changed"}`).join(", ")}`);
  for (const r of diff.revoked) lines.push(`- revoke  ${describeTarget(r.target)} (${r.id}): not in the file`);
  lines.push(`${diff.added.length} added, ${diff.changed.length} changed, ${diff.revoked.length} revoked, ${diff.unchanged} unchanged`);
  return lines.join("\n");
}

async function importFile(args: string[], usage: (message: string) => number): Promise<number> {
  // The file first, then the options (parseArgs is strict: no positionals after it).
  const [file, ...options] = args;
  const parsed = commandOptions("exceptions import", HELP, options, { "dry-run": { type: "boolean", default: false } });
  if ("exit" in parsed) return parsed.exit;
  if (!file || file.startsWith("--")) return usage("import takes one file: trailproof exceptions import FILE [--dry-run]");
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    console.error(`trailproof exceptions import: cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  const dryRun = parsed.values["dry-run"];
  return withCommandDatabase(async (database) => {
    const now = new Date();
    const diff = await planImport(database, text, path.basename(file), now);
    console.log(formatDiff(diff));
    if (dryRun) {
      console.log("Dry run: nothing applied.");
      return 0;
    }
    await applyImport(database, cliAudit("exceptions import"), diff, now);
    console.log("Applied.");
    return 0;
  });
}
