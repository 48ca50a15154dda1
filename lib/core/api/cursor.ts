// Opaque cursors for keyset pagination. A cursor is the sort key of the last item of a page (its ordered values, the
// last one a unique tiebreaker), written as base64url JSON so clients treat it as a token, not a format to build.
// The next page is "everything strictly after this key" in the same order, so rows inserted or deleted between
// pages never shift the rest: no duplicates, no skips (an offset would do both).

export class CursorError extends Error {}

export type CursorKey = string[];

export function encodeCursor(endpoint: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify({ e: endpoint, k: key }), "utf8").toString("base64url");
}

/** The key in a cursor made by encodeCursor for this endpoint with `length` values; CursorError otherwise. */
export function decodeCursor(endpoint: string, cursor: string, length: number): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new CursorError("cursor: not a cursor this API gave out (copy `next` from the previous page).");
  }
  const { e, k } = (parsed ?? {}) as { e?: unknown; k?: unknown };
  if (e !== endpoint) throw new CursorError(`cursor: it belongs to another list than /api/v1/${endpoint}.`);
  if (!Array.isArray(k) || k.length !== length || !k.every((v) => typeof v === "string")) {
    throw new CursorError("cursor: not a cursor this API gave out (copy `next` from the previous page).");
  }
  return k;
}

/** One page of `rows` fetched with limit + 1: the page, and the cursor of its last row when more follow. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey, endpoint: string): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(endpoint, keyOf(last)) : null };
}
