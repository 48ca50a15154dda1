import { describe, expect, test } from "vitest";
import { diffExceptions, parseExceptionsDocument, type CurrentException } from "@/lib/core/exceptions/file-diff";

const now = new Date("2026-03-01T00:00:00Z");
const entry = (over: Record<string, unknown> = {}) => ({ scope: "account", checkId: "multi_region", accountId: "111111111111", justification: "Sandbox: one region on purpose", owner: "Platform", expiresAt: "2026-09-01", ...over });

describe("parseExceptionsDocument", () => {
  test("a list under exceptions:, or a bare list", () => {
    expect(parseExceptionsDocument({ exceptions: [entry()] }, now)).toMatchObject({ ok: true, entries: [{ accountId: "111111111111", expiresAt: new Date("2026-09-01T00:00:00Z") }] });
    expect(parseExceptionsDocument([entry()], now).ok).toBe(true);
  });
  test("every problem with its path: an unquoted account id, a missing owner, a duplicate", () => {
    expect(parseExceptionsDocument({ exceptions: [entry({ accountId: 111111111111 }), entry({ owner: undefined }), entry({ checkId: "kms_cmk" }), entry({ checkId: "kms_cmk", owner: "x" })] }, now)).toEqual({
      ok: false,
      problems: [
        { path: "exceptions[0].accountId", message: 'an AWS account id is 12 digits, as a string (quote it in YAML: "012345678901")' },
        { path: "exceptions[1].owner", message: "Invalid input: expected string, received undefined" },
        { path: "exceptions[3]", message: "covers the same as exceptions[2] (kms_cmk in account 111111111111): one entry per target" },
      ],
    });
  });
  test("not a list", () => {
    expect(parseExceptionsDocument({ exception: [] }, now)).toEqual({ ok: false, problems: [{ path: "exceptions", message: "the file must hold a list of exceptions (a top-level list, or a key exceptions: with one)" }] });
  });
});

describe("diffExceptions: the file wins", () => {
  const current = (id: string, over: Partial<CurrentException> = {}): CurrentException => ({
    id,
    target: { scope: "account", checkId: "multi_region", accountId: "111111111111" },
    justification: "Sandbox: one region on purpose",
    owner: "Platform",
    expiresAt: new Date("2026-09-01T00:00:00Z"),
    ...over,
  });
  const parsed = (...items: Record<string, unknown>[]) => {
    const result = parseExceptionsDocument(items, now);
    if (!result.ok) throw new Error("fixture");
    return result.entries;
  };
  test("same entry: unchanged; other expiry: changed (named); new target: added; unlisted: revoked", () => {
    const diff = diffExceptions(parsed(entry({ expiresAt: "2026-10-01" }), entry({ checkId: "kms_cmk" })), [current("a"), current("b", { target: { scope: "trail", checkId: "kms_cmk", trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/x" } })]);
    expect(diff.added.map((a) => ("checkId" in a ? a.checkId : null))).toEqual(["kms_cmk"]);
    expect(diff.changed.map((c) => [c.current.id, c.fields])).toEqual([["a", ["expiresAt"]]]);
    expect(diff.revoked.map((r) => r.id)).toEqual(["b"]);
    expect(diff.unchanged).toBe(0);
  });
  test("the file as it stands: nothing to do", () => {
    expect(diffExceptions(parsed(entry()), [current("a")])).toEqual({ added: [], changed: [], revoked: [], unchanged: 1 });
  });
  test("two current exceptions of one target: the newest is matched, the other revoked", () => {
    expect(diffExceptions(parsed(entry()), [current("old"), current("new")]).revoked.map((r) => r.id)).toEqual(["old"]);
  });
});
