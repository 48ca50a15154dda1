import { describeTarget, type ExceptionTarget } from "@/lib/core/exceptions/exception";
import { parseProposal, type ExceptionProposal, type ProposalProblem } from "@/lib/core/exceptions/proposal";

// An exceptions file (YAML or JSON, kept in git) against the exceptions in force: the file wins on import. An entry
// is known by what it covers (one entry per target); one whose justification, owner or expiry differs is "changed"
// (the current exception is revoked and replaced, so both stay on record); a current exception the file does not
// list is "revoked". Pure: the command prints this diff before it applies anything (and only prints on --dry-run).

export interface CurrentException {
  id: string;
  target: ExceptionTarget;
  justification: string;
  owner: string;
  expiresAt: Date;
}

export interface FileDiff {
  added: ExceptionProposal[];
  changed: { current: CurrentException; next: ExceptionProposal; fields: string[] }[];
  revoked: CurrentException[];
  unchanged: number;
}

/** The entries of a parsed file (`{ exceptions: [...] }` or a bare list), each checked as a proposal made at `now`. */
export function parseExceptionsDocument(document: unknown, now: Date): { ok: true; entries: ExceptionProposal[] } | { ok: false; problems: ProposalProblem[] } {
  const list = Array.isArray(document) ? document : typeof document === "object" && document !== null && "exceptions" in document ? (document as { exceptions: unknown }).exceptions : undefined;
  if (!Array.isArray(list)) return { ok: false, problems: [{ path: "exceptions", message: "the file must hold a list of exceptions (a top-level list, or a key exceptions: with one)" }] };
  const problems: ProposalProblem[] = [];
  const entries: ExceptionProposal[] = [];
  const seen = new Map<string, number>();
  list.forEach((item, index) => {
    const parsed = parseProposal(item, now);
    if (!parsed.ok) {
      problems.push(...parsed.problems.map((p) => ({ path: `exceptions[${index}]${p.path ? `.${p.path}` : ""}`, message: p.message })));
      return;
    }
    const key = describeTarget(parsed.proposal);
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push({ path: `exceptions[${index}]`, message: `covers the same as exceptions[${earlier}] (${key}): one entry per target` });
    seen.set(key, index);
    entries.push(parsed.proposal);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}

function changedFields(current: CurrentException, next: ExceptionProposal): string[] {
  const fields: string[] = [];
  if (current.justification !== next.justification) fields.push("justification");
  if (current.owner !== next.owner) fields.push("owner");
  if (current.expiresAt.getTime() !== next.expiresAt.getTime()) fields.push("expiresAt");
  return fields;
}

export function diffExceptions(entries: readonly ExceptionProposal[], current: readonly CurrentException[]): FileDiff {
  const byKey = new Map(current.map((c) => [describeTarget(c.target), c]));
  const diff: FileDiff = { added: [], changed: [], revoked: [], unchanged: 0 };
  const matched = new Set<string>();
  for (const entry of entries) {
    const known = byKey.get(describeTarget(entry));
    if (known) matched.add(known.id);
    if (!known) diff.added.push(entry);
    else {
      const fields = changedFields(known, entry);
      if (fields.length > 0) diff.changed.push({ current: known, next: entry, fields });
      else diff.unchanged += 1;
    }
  }
  // Two current exceptions of one target (a proposal beside an approved one): the entry matched the newest (current is
  // oldest first); the other is not what the file says either, so it goes.
  for (const c of current) if (!matched.has(c.id)) diff.revoked.push(c);
  return diff;
}
