import { targetOf, type ExceptionFacts } from "@/lib/core/exceptions/exception";

// Does an exception cover a result? A check result is covered by an exception for its check in its account, on its
// trail, or in an organizational unit its account sits in (or under); an integrity finding only by an exception
// naming its stable id (lib/services/export/finding-id.ts: the same id a re-export gives it).
//
// A file's id names its S3 key, whatever its status turns into (so a re-export updates the finding). An exception
// accepted a state, not a key: it covers the file only while the file is still in the state it was proposed in (same
// status, and for an INVALID file the same content by SHA-256). Whoever can write to the log bucket can otherwise
// plant a forged file where an accepted missing one was, and it would show as excepted.

/**
 * A flagged file as its latest verdict says it is: the status, the SHA-256 TrailProof computed (null: none; for a log,
 * over its first gzip member only), and the object's ETag as S3 listed it (null: not recorded, e.g. for digests).
 */
export interface FileState {
  status: string;
  actualHash: string | null;
  etag: string | null;
  /** The object's LastModified as S3 listed it (null: not recorded). */
  lastModified: Date | null;
}

export type CoveredSubject =
  | { type: "check"; checkId: string; accountId: string; ouPath: string | null; trailArn: string | null }
  | { type: "file"; findingId: string; state: FileState }
  | { type: "finding"; findingId: string };

/** A file's export id (lib/services/export/finding-id.ts writes it): "trailproof/file/" and a hash of its S3 URI. */
export function isFileFindingId(id: string): boolean {
  return id.startsWith("trailproof/file/");
}

/** A file's state in words: "missing", or "invalid, ETag "…", SHA-256 …". */
export function describeFileState(state: FileState): string {
  const pins = [state.etag ? `ETag ${state.etag}` : null, state.status === "invalid" && state.actualHash ? `SHA-256 ${state.actualHash}` : null].filter(Boolean);
  return [state.status, ...pins].join(", ");
}

/**
 * True when the file is in the state the exception accepted. An INVALID file must be the very object then seen: same
 * ETag (the whole object: the SHA-256 covers a log's first gzip member only, so data appended after it would not show)
 * and same SHA-256; an INVALID file whose ETag was not recorded is covered by nothing. For any status, an ETag the
 * exception recorded must still be the file's.
 */
export function sameFileState(e: Pick<ExceptionFacts, "fileStatus" | "fileActualHash" | "fileEtag" | "fileLastModified">, state: FileState): boolean {
  if (!e.fileStatus || e.fileStatus !== state.status) return false;
  if (e.fileEtag && e.fileEtag !== state.etag) return false;
  // The ETag is an MD5, and an attacker can make two contents with one MD5; LastModified is S3's, set on every write.
  if (e.fileLastModified && e.fileLastModified.getTime() !== state.lastModified?.getTime()) return false;
  return state.status !== "invalid" || (!!e.fileEtag && (e.fileActualHash ?? null) === state.actualHash);
}

/** True when `ouPath` is `unit` or an OU below it ("Root/Sandbox" holds "Root/Sandbox/Dev", not "Root/Sandboxes"). */
export function isUnder(ouPath: string | null, unit: string): boolean {
  if (!ouPath) return false;
  const parent = unit.replace(/\/+$/, "");
  return ouPath === parent || ouPath.startsWith(`${parent}/`);
}

/** Coverage only: whether the exception applies now is exceptionState's question (callers pass active ones). */
export function covers(e: ExceptionFacts, subject: CoveredSubject): boolean {
  const target = targetOf(e);
  // A file's id passed without its state is covered by nothing: the state is what the exception accepted.
  if (subject.type === "finding") return target.scope === "finding" && target.findingId === subject.findingId && !isFileFindingId(subject.findingId);
  if (subject.type === "file") return target.scope === "finding" && target.findingId === subject.findingId && sameFileState(e, subject.state);
  switch (target.scope) {
    case "finding":
      return false;
    case "account":
      return target.checkId === subject.checkId && target.accountId === subject.accountId;
    case "trail":
      return target.checkId === subject.checkId && target.trailArn === subject.trailArn;
    case "organizational_unit":
      return target.checkId === subject.checkId && isUnder(subject.ouPath, target.ouPath);
  }
}

/** The first of `exceptions` that covers the subject (callers pass the active ones), or null. */
export function coveringException<E extends ExceptionFacts>(exceptions: readonly E[], subject: CoveredSubject): E | null {
  return exceptions.find((e) => covers(e, subject)) ?? null;
}
