import { createHash, createPublicKey, sign, verify } from "node:crypto";
import { expect, test } from "vitest";
import { SeededRandom } from "@/lib/sandbox/seeded-random";
import { seededRsaKeyPair } from "@/lib/sandbox/seeded-rsa";

test("the same seed gives the same RSA-2048 key, a working pair, fingerprinted as md5(DER PKCS#1)", () => {
  const first = seededRsaKeyPair(new SeededRandom("rsa-test"));
  const again = seededRsaKeyPair(new SeededRandom("rsa-test"));
  const other = seededRsaKeyPair(new SeededRandom("rsa-other"));
  expect(again.publicDer.equals(first.publicDer)).toBe(true);
  expect(other.fingerprint).not.toBe(first.fingerprint);
  expect(first.fingerprint).toBe(createHash("md5").update(first.publicDer).digest("hex"));

  const publicKey = createPublicKey({ key: first.publicDer, format: "der", type: "pkcs1" });
  expect(publicKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
  const signature = sign("sha256", Buffer.from("digest"), first.privateKey);
  expect(verify("sha256", Buffer.from("digest"), publicKey, signature)).toBe(true);
});
