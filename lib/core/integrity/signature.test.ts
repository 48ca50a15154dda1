import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, test } from "vitest";
import type { JsonObject } from "@/lib/core/integrity/digest-document";
import {
  decodeHexSignature,
  encodeUtf8Strict,
  stringToSign,
  type SignatureVerdict,
  verifyDigestSignature,
} from "@/lib/core/integrity/signature";

const ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

describe("stringToSign", () => {
  test.each<{ label: string; document: JsonObject; expected: string }>([
    {
      // awscli's own unit test, test_properly_signs_when_no_previous_signature.
      label: "no previous signature prints the literal null",
      document: { digestEndTime: "a", digestS3Bucket: "b", digestS3Object: "c", previousDigestSignature: null },
      expected: `a\nb/c\n${ABC_SHA256}\nnull`,
    },
    {
      label: "a previous signature",
      document: { digestEndTime: "a", digestS3Bucket: "b", digestS3Object: "c", previousDigestSignature: "00ff" },
      expected: `a\nb/c\n${ABC_SHA256}\n00ff`,
    },
    {
      label: "values that are not strings print as Python's str()",
      document: { digestEndTime: 12345, digestS3Bucket: "b", digestS3Object: "c", previousDigestSignature: false },
      expected: `12345\nb/c\n${ABC_SHA256}\nFalse`,
    },
  ])("$label", ({ document, expected }) => {
    expect(stringToSign(document, Buffer.from("abc"))).toBe(expected);
  });
});

describe("encodeUtf8Strict (str.encode)", () => {
  test("encodes ordinary text, astral characters included", () => {
    expect(encodeUtf8Strict("é😀").toString("hex")).toBe("c3a9f09f9880");
  });

  test.each([
    { label: "one lone surrogate", text: "ab\ud800", message: "'utf-8' codec can't encode character '\\ud800' in position 2: surrogates not allowed" },
    { label: "two lone surrogates", text: "a\udc00\ud800", message: "'utf-8' codec can't encode characters in position 1-2: surrogates not allowed" },
  ])("raises UnicodeEncodeError for $label", ({ text, message }) => {
    expect(() => encodeUtf8Strict(text)).toThrow(message);
  });
});

describe("decodeHexSignature (binascii.unhexlify)", () => {
  test.each([
    { label: "lower and upper case", text: "ABcd", hex: "abcd" },
    { label: "nothing", text: "", hex: "" },
  ])("decodes $label", ({ text, hex }) => {
    expect(decodeHexSignature(text).toString("hex")).toBe(hex);
  });

  test.each([
    { label: "an odd length (checked first)", text: "zzz", message: "Odd-length string" },
    { label: "a non-hex digit", text: "zz", message: "Non-hexadecimal digit found" },
    { label: "non-ASCII text", text: "é1", message: "string argument should contain only ASCII characters" },
  ])("raises on $label", ({ text, message }) => {
    expect(() => decodeHexSignature(text)).toThrow(message);
  });
});

describe("verifyDigestSignature", () => {
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const der = pair.publicKey.export({ format: "der", type: "pkcs1" });
  const document: JsonObject = {
    digestEndTime: "2015-08-17T15:01:31Z",
    digestS3Bucket: "bucket",
    digestS3Object: "AWSLogs/key.json.gz",
    previousDigestSignature: null,
  };
  const content = Buffer.from(JSON.stringify(document));
  const data = Buffer.from(stringToSign(document, content));
  const signed = (algorithm: string, privateKey = pair.privateKey) => sign(algorithm, data, privateKey).toString("hex");

  test.each<{ label: string; input: Partial<Parameters<typeof verifyDigestSignature>[0]>; verdict: SignatureVerdict }>([
    { label: "a CloudTrail signature", input: {}, verdict: { parity: { ok: true, hash: "SHA-256" }, strictOk: true } },
    {
      label: "a SHA-1 signature: python-rsa accepts, strict does not",
      input: { signatureHex: signed("sha1") },
      verdict: { parity: { ok: true, hash: "SHA-1" }, strictOk: false },
    },
    {
      label: "another key's signature",
      input: { signatureHex: signed("sha256", other.privateKey) },
      verdict: { parity: { ok: false, failure: { reason: "signature-failed" } }, strictOk: false },
    },
    {
      label: "changed content",
      input: { content: Buffer.concat([content, Buffer.from(" ")]) },
      verdict: { parity: { ok: false, failure: { reason: "signature-failed" } }, strictOk: false },
    },
    {
      label: "a non-hex signature",
      input: { signatureHex: "zz".repeat(256) },
      verdict: { parity: { ok: false, failure: { reason: "error", detail: "Non-hexadecimal digit found" } }, strictOk: false },
    },
    {
      label: "a key that does not load, which is checked before the signature's hex",
      input: { publicKeyDer: Buffer.from("junk"), signatureHex: "zz" },
      verdict: { parity: { ok: false, failure: { reason: "key-load-failed" } }, strictOk: false },
    },
    {
      label: "a lone surrogate in a signed field",
      input: { document: { ...document, digestEndTime: "\ud800" } },
      verdict: {
        parity: {
          ok: false,
          failure: { reason: "error", detail: "'utf-8' codec can't encode character '\\ud800' in position 0: surrogates not allowed" },
        },
        strictOk: false,
      },
    },
  ])("$label", ({ input, verdict }) => {
    expect(verifyDigestSignature({ publicKeyDer: der, document, content, signatureHex: signed("sha256"), ...input })).toEqual(verdict);
  });
});
