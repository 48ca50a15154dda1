import { describe, expect, test } from "vitest";
import type { TrailSnapshot } from "@/lib/core/checks/snapshot";
import { evaluateTrail } from "@/lib/core/checks/evaluate-trail";
import { CHECKS } from "@/lib/core/checks/registry";
import {
  compliantSnapshot,
  CONTEXT,
  denied,
  LOG_ARCHIVE_ACCOUNT,
  snapshotWith,
  TRAIL_ACCOUNT,
  TRAIL_ARN,
} from "@/lib/core/checks/snapshot-fixtures";
import type { CheckDefinition, CheckStatus } from "@/lib/core/checks/types";

const BUCKET_CHECKS = ["bucket_mfa_delete", "bucket_public_access_block", "bucket_access_logging", "bucket_not_public"];

const statuses = (snapshot: TrailSnapshot) =>
  Object.fromEntries(evaluateTrail(snapshot, CONTEXT).map((result) => [result.checkId, result.status]));

describe("evaluateTrail", () => {
  test("runs every check in registry order", () => {
    const results = evaluateTrail(compliantSnapshot(), CONTEXT);
    expect(results.map((result) => result.checkId)).toEqual(CHECKS.map((check) => check.id));
    expect(results.every((result) => result.status === "pass")).toBe(true);
  });

  // The same trail seen another way must get the very same results, reasons and evidence included.
  test.each([
    {
      label: "shadow trail: the same ARN collected from another region, later",
      snapshot: snapshotWith({ trail: { collectedAt: "2025-03-01T12:04:00.000Z" } }),
    },
    {
      label: "organization trail viewed from a member account",
      snapshot: snapshotWith({ trail: { isOrganizationTrail: true } }),
    },
    {
      label: "cross-account bucket readable with the log-archive role",
      snapshot: snapshotWith({ bucket: { ownerAccountId: LOG_ARCHIVE_ACCOUNT } }),
    },
  ])("$label → identical results", ({ snapshot }) => {
    const baseline = evaluateTrail(compliantSnapshot(), CONTEXT).map(({ checkId, status }) => ({ checkId, status }));
    expect(evaluateTrail(snapshot, CONTEXT).map(({ checkId, status }) => ({ checkId, status }))).toEqual(baseline);
  });

  test("the shadow copy's results are equal down to reasons and evidence", () => {
    const shadow = snapshotWith({ trail: { collectedAt: "2025-03-01T12:04:00.000Z" } });
    expect(evaluateTrail(shadow, CONTEXT)).toEqual(evaluateTrail(compliantSnapshot(), CONTEXT));
  });

  test("cross-account bucket unreadable: bucket checks error, none fail, the others still pass", () => {
    const unreadable = (call: string) => denied(call, TRAIL_ACCOUNT);
    const snapshot = snapshotWith({
      bucket: {
        ownerAccountId: LOG_ARCHIVE_ACCOUNT,
        versioning: unreadable("s3:GetBucketVersioning"),
        bucketPublicAccessBlock: unreadable("s3:GetPublicAccessBlock"),
        accountPublicAccessBlock: unreadable("s3control:GetPublicAccessBlock"),
        policy: unreadable("s3:GetBucketPolicy"),
        policyIsPublic: unreadable("s3:GetBucketPolicyStatus"),
        acl: unreadable("s3:GetBucketAcl"),
        logging: unreadable("s3:GetBucketLogging"),
      },
    });
    const expected: Record<string, CheckStatus> = Object.fromEntries(
      CHECKS.map((check) => [check.id, BUCKET_CHECKS.includes(check.id) ? "error" : "pass"]),
    );
    expect(statuses(snapshot)).toEqual(expected);
  });

  test("an AWS-managed key: kms_cmk fails, kms_key_rotation is not applicable", () => {
    const snapshot = snapshotWith({ key: { keyManager: "AWS", rotation: null } });
    expect(statuses(snapshot)).toMatchObject({ kms_cmk: "fail", kms_key_rotation: "not_applicable" });
  });

  test("a check that throws becomes an error result and the others still run", () => {
    const broken: CheckDefinition = {
      ...CHECKS[0]!,
      id: "broken",
      evaluate: () => {
        throw new TypeError("Cannot read properties of undefined");
      },
    };
    const results = evaluateTrail(compliantSnapshot(), CONTEXT, [broken, ...CHECKS]);
    expect(results[0]).toEqual({
      checkId: "broken",
      status: "error",
      reason: `Check broken failed unexpectedly on trail ${TRAIL_ARN}: Cannot read properties of undefined`,
      evidence: { exception: "Cannot read properties of undefined" },
    });
    expect(results.slice(1).every((result) => result.status === "pass")).toBe(true);
  });
});
