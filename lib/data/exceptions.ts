import "server-only";
import { db } from "@/lib/db/client";
import { listExceptions } from "@/lib/db/exceptions-repository";
import { exceptionState, describeTarget, targetOf, type ExceptionState } from "@/lib/core/exceptions/exception";

// The Exceptions page: every exception, newest first, with its state now and what it covers in words.

export async function getExceptionsPage(now = new Date()) {
  const rows = await listExceptions(db());
  return rows.map((row) => ({ ...row, state: exceptionState(row, now) as ExceptionState, covers: row.findingLabel ?? describeTarget(targetOf(row)) }));
}

export type ExceptionListItem = Awaited<ReturnType<typeof getExceptionsPage>>[number];
