import { expect, test } from "vitest";
import { unreadableFindings } from "@/lib/services/integrity/unreadable-findings";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/0000aaaa-1111-2222-3333-444455556666";
const denied = (session: string) =>
  `An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:sts::111122223333:assumed-role/TrailProofAudit/${session} is not authorized to perform: kms:Decrypt on resource: ${KEY} because no resource-based policy allows the kms:Decrypt action`;
const place = { accountId: "999988887777", region: "eu-west-1", bucket: "logs", from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-01-02T00:00:00Z") };

test("log files refused for one key make one finding for the chain, with the statement to add; other failures one each", () => {
  const findings = unreadableFindings(
    [
      { key: "a.json.gz", kind: "log", error: denied("s1") },
      { key: "b.json.gz", kind: "log", error: denied("s2") }, // another session of the same role: same fix
      { key: "c.json.gz", kind: "log", error: "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied" },
    ],
    place,
  );
  const statement = {
    Sid: "AllowTrailProofAuditRoleToDecryptCloudTrailLogFiles",
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::111122223333:role/TrailProofAudit" },
    Action: "kms:Decrypt",
    Resource: "*",
    Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com", "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*" } },
  };
  expect(findings).toEqual([
    {
      accountId: "999988887777",
      region: "eu-west-1",
      kind: "kms-denied",
      s3Uri: null,
      message:
        `could not read: kms:Decrypt denied on key ${KEY} for role arn:aws:iam::111122223333:role/TrailProofAudit (2 files of this chain unreadable; S3 said: because no resource-based policy allows the kms:Decrypt action); ` +
        "add this statement to the key's policy (trailproof access --format key-policy --trusted-account 111122223333 --role-name TrailProofAudit): " +
        '{ "Sid": "AllowTrailProofAuditRoleToDecryptCloudTrailLogFiles", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/TrailProofAudit" }, ' +
        '"Action": "kms:Decrypt", "Resource": "*", "Condition": { "StringLike": { "kms:ViaService": "s3.*.amazonaws.com", "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*" } } }',
      fromTime: place.from,
      toTime: place.to,
      evidence: { keyArn: KEY, principalArn: "arn:aws:iam::111122223333:role/TrailProofAudit", files: 2, firstFile: "s3://logs/a.json.gz", keyPolicyStatement: statement },
    },
    {
      accountId: "999988887777",
      region: "eu-west-1",
      kind: "unreadable",
      s3Uri: "s3://logs/c.json.gz",
      message: "this log file could not be read, so its hash was not checked: An error occurred (AccessDenied) when calling the GetObject operation: Access Denied",
    },
  ]);
});
