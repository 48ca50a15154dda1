import type { Database } from "@/lib/db/client";
import { activeExceptions, type ExceptionRow } from "@/lib/db/exceptions-repository";
import { exceptionNote } from "@/lib/core/exceptions/apply";
import { coveringException, describeFileState, type FileState } from "@/lib/core/exceptions/coverage";
import { findingId } from "@/lib/services/export/finding-id";

// What a file's page says about exceptions for one verdict of it: the active exception that covers it (the file in
// the state the exception accepted), or, when an active exception names the file but accepted another state, that it
// no longer covers it. That second case is what a forgery at an excepted key looks like, so it is said in words.

export interface FileExceptionNotes {
  /** The file's export id (finding-id.ts), what a proposal for it names. */
  findingId: string;
  exceptedBy: string | null;
  outgrown: string | null;
}

function outgrownNote(e: ExceptionRow, file: FileState): string {
  const accepted = e.fileStatus
    ? `accepted this file as ${describeFileState({ status: e.fileStatus, actualHash: e.fileActualHash, etag: e.fileEtag, lastModified: e.fileLastModified })}`
    : "names this file but records no state it accepted";
  return `An exception ${accepted} (${exceptionNote(e)}); this verdict says ${describeFileState(file)}, so the exception does not cover it.`;
}

export async function fileExceptionNotes(database: Database, s3Uri: string, file: FileState, now = new Date()): Promise<FileExceptionNotes> {
  const id = findingId({ type: "file", s3Uri });
  const naming = (await activeExceptions(database, now)).filter((e) => e.findingId === id);
  const cover = coveringException(naming, { type: "file", findingId: id, state: file });
  const outgrown = cover ? null : naming[0];
  return { findingId: id, exceptedBy: cover ? exceptionNote(cover) : null, outgrown: outgrown ? outgrownNote(outgrown, file) : null };
}
