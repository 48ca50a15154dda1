import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { expect, test } from "vitest";
import { signatureHeader } from "@/lib/core/notifications/signature";

// docs/notifications.md tells receivers how to check a signature: the snippet there must work as printed.

type Verify = (secret: string, rawBody: string, header: string | undefined) => boolean;

function documentedVerifier(): Verify {
  const doc = fs.readFileSync(path.join(import.meta.dirname, "../../../docs/notifications.md"), "utf8");
  const code = /```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!code) throw new Error("docs/notifications.md has no ```js block");
  return new Function("require", `${code}\nreturn verifyTrailProofSignature;`)(createRequire(import.meta.url)) as Verify;
}

test("the documented receiver check accepts TrailProof's signature and refuses a changed body or another secret", () => {
  const verify = documentedVerifier();
  const body = '{"type":"trailproof.alerts","alerts":[]}';
  const header = signatureHeader("receiver-secret-0123456789", body, Math.floor(Date.now() / 1000));
  expect(verify("receiver-secret-0123456789", body, header)).toBe(true);
  expect(verify("receiver-secret-0123456789", body.replace("[]", "[{}]"), header)).toBe(false);
  expect(verify("another-secret-0123456789", body, header)).toBe(false);
  expect(verify("receiver-secret-0123456789", body, undefined)).toBe(false);
  const old = signatureHeader("receiver-secret-0123456789", body, Math.floor(Date.now() / 1000) - 3600);
  expect(verify("receiver-secret-0123456789", body, old)).toBe(false);
});
