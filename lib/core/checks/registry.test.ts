import { describe, expect, test } from "vitest";
import { CHECKS, checkById } from "@/lib/core/checks/registry";
import { SEVERITY_WEIGHTS } from "@/lib/core/checks/scoring";
import { compliantSnapshot, CONTEXT } from "@/lib/core/checks/snapshot-fixtures";

const REQUIRED_IDS = [
  "multi_region",
  "log_file_validation",
  "kms_cmk",
  "log_group_encrypted",
  "bucket_mfa_delete",
  "bucket_public_access_block",
  "logging_enabled",
  "kms_key_rotation",
  "bucket_access_logging",
  "bucket_not_public",
  "management_events",
  "recent_delivery",
  "log_group_retention",
];

describe("registry", () => {
  test("holds every required check once", () => {
    const ids = CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(expect.arrayContaining([...REQUIRED_IDS].sort()));
  });

  test("orders checks most severe first", () => {
    const weights = CHECKS.map((check) => SEVERITY_WEIGHTS[check.severity]);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
  });

  test.each(CHECKS.map((check) => ({ id: check.id, check })))("$id is found by id", ({ id, check }) => {
    expect(checkById(id)).toBe(check);
  });

  test("an unknown id is undefined", () => {
    expect(checkById("no_such_check")).toBeUndefined();
  });
});

describe.each(CHECKS.map((check) => ({ id: check.id, check })))("$id metadata", ({ check }) => {
  test("has a snake_case id, a title, a rationale and a concrete remediation", () => {
    expect(check.id).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
    expect(check.title.length).toBeGreaterThan(10);
    expect(check.rationale.length).toBeGreaterThan(40);
    expect(check.remediation).toMatch(/`aws [a-z0-9-]+ [a-z-]+/);
  });

  test("cites references in their expected forms", () => {
    const { cis = [], securityHub = [], prowler = [], docs = [] } = check.references;
    expect(cis.length + securityHub.length + prowler.length + docs.length).toBeGreaterThan(0);
    for (const item of cis) expect(item).toMatch(/^CIS AWS Foundations \d+\.\d+\.\d+ \d+(\.\d+)+$/);
    for (const control of securityHub) expect(control).toMatch(/^[A-Za-z0-9]+\.\d+$/);
    for (const id of prowler) expect(id).toMatch(/^[a-z0-9]+(_[a-z0-9]+)+$/);
    for (const url of docs) expect(url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  test("passes the compliant trail", () => {
    expect(check.evaluate(compliantSnapshot(), CONTEXT)).toMatchObject({ checkId: check.id, status: "pass" });
  });
});

describe("column labels", () => {
  // The overview's rotated headers fit 20 characters of text-xs in their 10rem height; the id is on hover.
  test("every check has its own label of at most 20 characters, in words rather than its id", () => {
    const labels = CHECKS.map((c) => c.label);
    expect(new Set(labels).size).toBe(CHECKS.length);
    for (const check of CHECKS) {
      expect(check.label.length, check.id).toBeLessThanOrEqual(20);
      expect(check.label, check.id).not.toMatch(/_/);
    }
  });
});
