import { describe, expect, test } from "vitest";
import { parseKmsDecryptDenial } from "@/lib/core/integrity/kms-denial";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const S3_TEXT = (why: string) =>
  `An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:sts::444455556666:assumed-role/TrailProofAudit/trailproof-validate is not authorized to perform: kms:Decrypt on resource: ${KEY} ${why}`;

describe("parseKmsDecryptDenial", () => {
  test.each([
    { label: "key policy leaves the role out", why: "because no resource-based policy allows the kms:Decrypt action" },
    { label: "role lacks the permission", why: "because no identity-based policy allows the kms:Decrypt action" },
    { label: "explicit deny", why: "with an explicit deny in a resource-based policy" },
  ])("$label: the key, the role behind the session and S3's reason", ({ why }) => {
    expect(parseKmsDecryptDenial(S3_TEXT(why))).toEqual({
      keyArn: KEY,
      principalArn: "arn:aws:iam::444455556666:role/TrailProofAudit",
      accountId: "444455556666",
      roleName: "TrailProofAudit",
      why,
    });
  });

  test("a caller that is not an assumed role keeps its own ARN", () => {
    const text = `User: arn:aws:iam::444455556666:user/auditor is not authorized to perform: kms:Decrypt on resource: ${KEY} because no identity-based policy allows the kms:Decrypt action`;
    expect(parseKmsDecryptDenial(text)).toMatchObject({ principalArn: "arn:aws:iam::444455556666:user/auditor", roleName: null, keyArn: KEY });
  });

  test.each([
    "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied",
    "An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist.",
    `User: arn:aws:sts::444455556666:assumed-role/R/s is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because no identity-based policy allows the s3:GetObject action`,
  ])("anything else is not a kms:Decrypt denial: %s", (text) => {
    expect(parseKmsDecryptDenial(text)).toBeNull();
  });
});
