import { expect, test } from "vitest";
import { AUDIT_ACTIONS, auditRoleTemplate, keyPolicyStatement, readOnlyPolicy, trustPolicy } from "@/lib/aws/audit-policy";

// What an operator deploys, checked against what a security reviewer would ask of it (written by hand).

test("object reads are limited to CloudTrail's AWSLogs/ keys; every other action is a read on any resource", () => {
  const [config, files, decrypt] = readOnlyPolicy().Statement;
  expect(files).toEqual({ Sid: "TrailProofReadTrailFiles", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::*/AWSLogs/*", "arn:aws:s3:::*/*/AWSLogs/*"] });
  expect(config!.Action).not.toContain("s3:GetObject");
  expect(config!.Action).toContain("s3:ListBucket");
  expect(config!.Action.length).toBe(AUDIT_ACTIONS.length - 1);
  expect(config!.Action.every((a) => /^[a-z0-9]+:(Describe|Get|List|Lookup)/.test(a))).toBe(true);
  expect(decrypt).toEqual({
    Sid: "TrailProofDecryptTrailFiles",
    Effect: "Allow",
    Action: ["kms:Decrypt"],
    Resource: "*",
    Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com", "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*" } },
  });
});

test("the key-policy statement names the audit role of the reading account and decrypts through S3 only", () => {
  expect(keyPolicyStatement("222222222222", "TrailProofAudit")).toEqual({
    Sid: "AllowTrailProofAuditRoleToDecryptCloudTrailLogFiles",
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::222222222222:role/TrailProofAudit" },
    Action: "kms:Decrypt",
    Resource: "*",
    Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com", "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*" } },
  });
});

test("the trust names one role when asked, and always wants the ExternalId", () => {
  expect(trustPolicy("111111111111", "secret-id", "TrailProofRunner").Statement[0]).toEqual({
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::111111111111:role/TrailProofRunner" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "sts:ExternalId": "secret-id" } },
  });
  expect(trustPolicy("111111111111", "secret-id").Statement[0]!.Principal).toEqual({ AWS: "arn:aws:iam::111111111111:root" });
  const template = auditRoleTemplate("TrailProofAudit");
  expect(template.Parameters.TrustedRoleName).toMatchObject({ Default: "" });
  expect(JSON.stringify(template)).toContain("role/${TrustedRoleName}");
});
