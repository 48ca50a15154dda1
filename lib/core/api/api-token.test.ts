import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { bearerToken, effectivePermissions, generateToken, hashToken, prefixOf, sameHash, tokenState } from "@/lib/core/api/api-token";

describe("generated tokens", () => {
  test("have the documented shape, a fresh secret each time, and the hash of the whole token", () => {
    const a = generateToken();
    const b = generateToken();
    expect(a.token).toMatch(/^tp_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(a.token.startsWith(`${a.prefix}_`)).toBe(true);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(createHash("sha256").update(a.token).digest("hex"));
    expect(hashToken(a.token)).toBe(a.hash);
  });
});

describe("bearerToken", () => {
  test.each([
    ["Bearer abc", "abc"],
    ["bearer abc", "abc"],
    ["BEARER   abc  ", "abc"],
    ["Basic abc", null],
    ["Bearer", null],
    ["Bearer a b", null],
    [null, null],
  ])("%s → %s", (header, expected) => expect(bearerToken(header)).toBe(expected));
});

describe("prefixOf", () => {
  test.each([
    [`tp_0123abcd_${"x".repeat(43)}`, "tp_0123abcd"],
    [`tp_0123ABCD_${"x".repeat(43)}`, null],
    [`tp_0123abcd_${"x".repeat(42)}`, null],
    [`tp_0123abcd_${"x".repeat(42)}=`, null],
    ["tp_0123abcd", null],
  ])("%s → %s", (token, expected) => expect(prefixOf(token)).toBe(expected));
});

test("sameHash compares digests, refusing different lengths and empties", () => {
  const h = "ab".repeat(32);
  expect(sameHash(h, h)).toBe(true);
  expect(sameHash(h, "ac".repeat(32))).toBe(false);
  expect(sameHash(h, "ab".repeat(31))).toBe(false);
  expect(sameHash("", "")).toBe(false);
});

describe("effectivePermissions: the ceiling cut to what the creator may do now", () => {
  test.each([
    { label: "unchanged", ceiling: ["view"], now: ["view"], expected: ["view"] },
    { label: "creator promoted: the token is not", ceiling: ["view"], now: ["view", "scan", "manage"], expected: ["view"] },
    { label: "creator demoted: so is the token", ceiling: ["view", "scan"], now: ["view"], expected: ["view"] },
    { label: "creator lost every role", ceiling: ["view"], now: [], expected: [] },
  ])("$label", ({ ceiling, now, expected }) => expect(effectivePermissions(ceiling, now)).toEqual(expected));
});

test("tokenState: revoked wins, expired at the expiry instant", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  expect(tokenState({ expiresAt: new Date("2026-06-01T00:00:01Z"), revokedAt: null }, now)).toBe("active");
  expect(tokenState({ expiresAt: now, revokedAt: null }, now)).toBe("expired");
  expect(tokenState({ expiresAt: new Date("2027-01-01T00:00:00Z"), revokedAt: now }, now)).toBe("revoked");
});
