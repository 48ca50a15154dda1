import { expect, test } from "vitest";
import { CursorError, decodeCursor, encodeCursor, pageOf } from "@/lib/core/api/cursor";

test("a cursor round-trips for its own list only, with its own length", () => {
  const cursor = encodeCursor("alerts", ["2026-01-01T00:00:00.000Z", "id-1"]);
  expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(decodeCursor("alerts", cursor, 2)).toEqual(["2026-01-01T00:00:00.000Z", "id-1"]);
  expect(() => decodeCursor("accounts", cursor, 2)).toThrow(/another list/);
  expect(() => decodeCursor("alerts", cursor, 1)).toThrow(CursorError);
  expect(() => decodeCursor("alerts", "%%%", 2)).toThrow(CursorError);
  expect(() => decodeCursor("alerts", Buffer.from('{"e":"alerts","k":[1,2]}').toString("base64url"), 2)).toThrow(CursorError);
});

test("pageOf: limit + 1 rows mean another page, whose cursor is the last row's key", () => {
  expect(pageOf([1, 2, 3], 2, (n) => [String(n)], "x")).toEqual({ data: [1, 2], nextCursor: encodeCursor("x", ["2"]) });
  expect(pageOf([1, 2], 2, (n) => [String(n)], "x")).toEqual({ data: [1, 2], nextCursor: null });
  expect(pageOf([], 2, (n: number) => [String(n)], "x")).toEqual({ data: [], nextCursor: null });
});
