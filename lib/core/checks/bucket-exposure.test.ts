import { describe, expect, test } from "vitest";
import { publicGrants, publicPolicyStatements } from "@/lib/core/checks/bucket-exposure";
import { ALL_USERS, AUTHENTICATED_USERS } from "@/lib/core/checks/snapshot-fixtures";

const allow = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:GetObject", ...statement } });

describe("publicPolicyStatements", () => {
  test.each([
    { label: 'Principal "*"', policy: allow({ Sid: "A", Principal: "*" }), expected: ["A"] },
    { label: 'Principal {"AWS": "*"}', policy: allow({ Sid: "A", Principal: { AWS: "*" } }), expected: ["A"] },
    {
      label: 'Principal {"AWS": [..., "*"]}',
      policy: allow({ Sid: "A", Principal: { AWS: ["arn:aws:iam::111111111111:root", "*"] } }),
      expected: ["A"],
    },
    { label: "unnamed statement", policy: allow({ Principal: "*" }), expected: ["Statement[0]"] },
    {
      label: "with a Condition",
      policy: allow({ Principal: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }),
      expected: [],
    },
    {
      label: "empty Condition is no condition",
      policy: allow({ Sid: "A", Principal: "*", Condition: {} }),
      expected: ["A"],
    },
    { label: "Deny to everyone", policy: allow({ Principal: "*", Effect: "Deny" }), expected: [] },
    { label: "an account principal", policy: allow({ Principal: { AWS: "arn:aws:iam::1:root" } }), expected: [] },
    { label: "a service principal", policy: allow({ Principal: { Service: "cloudtrail.amazonaws.com" } }), expected: [] },
  ])("$label → $expected", ({ policy, expected }) => {
    expect(publicPolicyStatements(policy)).toEqual({ ok: true, publicStatements: expected });
  });

  test.each([
    { label: "not JSON", policy: "{" },
    { label: "a JSON array", policy: "[]" },
  ])("$label is reported, not guessed", ({ policy }) => {
    expect(publicPolicyStatements(policy).ok).toBe(false);
  });
});

describe("publicGrants", () => {
  test.each([
    { label: "AllUsers", uri: ALL_USERS, public: true },
    { label: "AuthenticatedUsers", uri: AUTHENTICATED_USERS, public: true },
    { label: "AllUsers over https", uri: "https://acs.amazonaws.com/groups/global/AllUsers", public: true },
    { label: "log delivery group", uri: "http://acs.amazonaws.com/groups/s3/LogDelivery", public: false },
    { label: "a canonical user (no URI)", uri: null, public: false },
  ])("$label → public $public", ({ uri, public: isPublic }) => {
    expect(publicGrants([{ granteeUri: uri, permission: "READ" }]).length > 0).toBe(isPublic);
  });
});
