import type { Database } from "@/lib/db/client";
import { recordAudit, type AuditContext } from "@/lib/db/audit-repository";
import { createException, type ExceptionRow } from "@/lib/db/exceptions-repository";
import { describeTarget } from "@/lib/core/exceptions/exception";
import { describeFileState } from "@/lib/core/exceptions/coverage";
import { TAMPER_FINDING_KINDS } from "@/lib/db/integrity-days-repository";
import { formatProblems, parseProposal } from "@/lib/core/exceptions/proposal";
import { locateFinding } from "@/lib/services/exceptions/locate-finding";

// Proposing an exception: the Exceptions page, `trailproof exceptions add` and an imported file all come here, so
// each is validated by the same rules and leaves the same audit record (in the same transaction as the row).

/** A refusal whose message is safe to show: bad input, or a decision the rules do not allow. */
export class ExceptionRefusal extends Error {}

export async function proposeException(database: Database, audit: AuditContext, input: unknown, options: { now?: Date; source?: "ui" | "cli" | "file" } = {}): Promise<ExceptionRow> {
  const now = options.now ?? new Date();
  const parsed = parseProposal(input, now);
  if (!parsed.ok) throw new ExceptionRefusal(formatProblems(parsed.problems));
  const { justification, owner, expiresAt, ...target } = parsed.proposal;
  const location = target.scope === "finding" ? await locateFinding(database, target.findingId) : null;
  if (target.scope === "finding" && !location) throw new ExceptionRefusal(`findingId: no INVALID, missing or unreadable file or integrity finding TrailProof has stored has the id ${target.findingId} (copy it from an export: npx trailproof export)`);
  // A file is excepted in the state its latest verdict gives; one valid again has nothing to except.
  if (location?.file?.status === "valid") throw new ExceptionRefusal(`findingId: ${location.label} is valid by its latest validation: there is nothing to except`);
  if (location?.file?.status === "invalid" && !location.file.etag) {
    throw new ExceptionRefusal(`findingId: ${location.label} is INVALID and TrailProof recorded no ETag for it (digest files have none), so an exception could not tell it from a later rewrite: it cannot be excepted`);
  }
  // A tampering finding's id names a place (an object, a folder, a chain), not one event: excepting it would also hide
  // the next tampering there. Only the file it names can be excepted, pinned to its state (docs/exceptions.md).
  if (location?.findingKind && TAMPER_FINDING_KINDS.includes(location.findingKind)) {
    throw new ExceptionRefusal(`findingId: ${location.label} is tampering (${location.findingKind}), and its id names a place rather than one event, so an exception would also hide the next tampering there: it cannot be excepted (except the file it names instead, or restore what it reports)`);
  }
  // The state accepted is part of what the approver reads ("s3://… (missing)"), in lists, notes and reports.
  if (location?.file) location.label = `${location.label} (${describeFileState(location.file)})`;
  return database.$transaction(async (tx) => {
    const row = await createException(tx, {
      target,
      location,
      justification,
      owner,
      createdAt: now,
      expiresAt,
      proposedBy: audit.actor.id,
      proposedByName: audit.actor.name,
      source: options.source ?? "ui",
    });
    await recordAudit(tx, audit, { action: "exception.propose", target: row.id, outcome: "succeeded", detail: { covers: describeTarget(target), justification, owner, expiresAt: expiresAt.toISOString() } });
    return row;
  });
}
