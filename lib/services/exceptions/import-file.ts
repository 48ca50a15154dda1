import YAML from "yaml";
import type { Database } from "@/lib/db/client";
import type { AuditContext } from "@/lib/db/audit-repository";
import { currentExceptions } from "@/lib/db/exceptions-repository";
import { targetOf } from "@/lib/core/exceptions/exception";
import { diffExceptions, parseExceptionsDocument, type FileDiff } from "@/lib/core/exceptions/file-diff";
import { formatProblems, type ExceptionProposal } from "@/lib/core/exceptions/proposal";
import { decideException } from "@/lib/services/exceptions/decide";
import { ExceptionRefusal, proposeException } from "@/lib/services/exceptions/propose";

// `trailproof exceptions import FILE`: the file (YAML or JSON) is what the team reviewed in git, so it wins. Its
// entries are proposed and approved by whoever runs the import (the command line acts as the local administrator,
// like every command), exceptions it no longer lists are revoked, and changed ones are revoked and replaced.

/** A file's text as data: JSON when it is named .json (its own error messages), else YAML (a superset of JSON). */
export function readExceptionsText(text: string, fileName: string): unknown {
  if (fileName.toLowerCase().endsWith(".json")) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new ExceptionRefusal(`${fileName}: not valid JSON: ${(error as Error).message}`);
    }
  }
  const document = YAML.parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) throw new ExceptionRefusal(`${fileName}: not valid YAML: ${document.errors.map((e) => e.message).join("; ")}`);
  return document.toJS();
}

/** What importing the file would change, against the exceptions in force at `now`; refused with every problem named. */
export async function planImport(database: Database, text: string, fileName: string, now = new Date()): Promise<FileDiff> {
  const parsed = parseExceptionsDocument(readExceptionsText(text, fileName), now);
  if (!parsed.ok) throw new ExceptionRefusal(`${fileName}: ${formatProblems(parsed.problems)}`);
  const current = (await currentExceptions(database, now)).map((row) => ({ id: row.id, target: targetOf(row), justification: row.justification, owner: row.owner, expiresAt: row.expiresAt }));
  return diffExceptions(parsed.entries, current);
}

async function addApproved(database: Database, audit: AuditContext, entry: ExceptionProposal, now: Date): Promise<void> {
  const row = await proposeException(database, audit, entry, { now, source: "file" });
  await decideException(database, audit, row.id, "approve", null, now);
}

export async function applyImport(database: Database, audit: AuditContext, diff: FileDiff, now = new Date()): Promise<void> {
  for (const entry of diff.added) await addApproved(database, audit, entry, now);
  for (const { current, next, fields } of diff.changed) {
    await decideException(database, audit, current.id, "revoke", `replaced by the exceptions file (${fields.join(", ")} changed)`, now);
    await addApproved(database, audit, next, now);
  }
  for (const gone of diff.revoked) await decideException(database, audit, gone.id, "revoke", "not in the exceptions file", now);
}
