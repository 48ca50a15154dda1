import { describe, expect, test } from "vitest";
import { describeScope, parseScopeArgument, scopeColumns, scopeFromColumns, windowSchema } from "@/lib/services/evidence/scope";

const ARN = "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail";

describe("parseScopeArgument", () => {
  test.each([
    ["org", { kind: "organization" }],
    ["organization", { kind: "organization" }],
    ["account:111122223333", { kind: "account", accountId: "111122223333" }],
    [`trail:${ARN}`, { kind: "trail", trailArn: ARN }],
  ])("%s", (text, scope) => {
    expect(parseScopeArgument(text)).toEqual(scope);
  });

  test.each([
    ["everything", /must be org, account:ACCOUNT_ID or trail:TRAIL_ARN/],
    ["account:", /12 digits/],
    ["account:12345", /12 digits/],
    ["trail:my-trail", /a trail ARN looks like/],
    ["org:extra", /must be org/],
  ])("refuses %s", (text, message) => {
    expect(() => parseScopeArgument(text)).toThrow(message);
  });
});

describe("scope columns", () => {
  test.each([{ kind: "organization" } as const, { kind: "account", accountId: "111122223333" } as const, { kind: "trail", trailArn: ARN } as const])("round-trip %j", (scope) => {
    const { scopeKind, scopeId } = scopeColumns(scope);
    expect(scopeFromColumns(scopeKind, scopeId)).toEqual(scope);
    expect(describeScope(scope)).toBeTruthy();
  });
});

describe("windowSchema", () => {
  test("accepts ISO times and dates", () => {
    expect(windowSchema.parse({ from: "2026-11-01", to: "2026-11-30T23:59:59Z" }).to.toISOString()).toBe("2026-11-30T23:59:59.000Z");
  });
  test.each([
    [{ from: "2026-12-01", to: "2026-11-01" }, /start before it ends/],
    [{ from: "yesterday", to: "2026-11-01" }, /Invalid|valid/],
  ])("refuses %j", (window, message) => {
    expect(() => windowSchema.parse(window)).toThrow(message);
  });
});
