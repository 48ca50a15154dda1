import { describe, expect, test } from "vitest";
import { checkSignature, signatureHeader } from "@/lib/core/notifications/signature";

// The expected HMAC comes from OpenSSL, not from this code:
//   printf '%s' '1700000000.{"type":"trailproof.alerts","alerts":[]}' | openssl dgst -sha256 -hmac 'whsec-test-0123456789abcdef'
const SECRET = "whsec-test-0123456789abcdef";
const BODY = '{"type":"trailproof.alerts","alerts":[]}';
const OPENSSL_HMAC = "00f3b5026fd86ac71b76e50a7f190e7c222edd83688d8d866ea3bab1544f37a1";

describe("signatureHeader", () => {
  test("is t=<seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>, as OpenSSL computes it", () => {
    expect(signatureHeader(SECRET, BODY, 1_700_000_000)).toBe(`t=1700000000,v1=${OPENSSL_HMAC}`);
  });

  test("refuses a time that is not whole unix seconds", () => {
    expect(() => signatureHeader(SECRET, BODY, 1.5)).toThrow(/unix time/);
    expect(() => signatureHeader(SECRET, BODY, -1)).toThrow(/unix time/);
  });
});

describe("checkSignature", () => {
  const header = `t=1700000000,v1=${OPENSSL_HMAC}`;
  test("accepts the right body, secret and a time within the tolerance", () => {
    expect(checkSignature(SECRET, BODY, header, 1_700_000_100)).toEqual({ valid: true, unixSeconds: 1_700_000_000 });
  });

  test.each([
    { label: "another body", body: BODY.replace("[]", "[1]"), secret: SECRET, header, now: 1_700_000_000, reason: "signature does not match" },
    { label: "another secret", body: BODY, secret: "another-secret-0123456789", header, now: 1_700_000_000, reason: "signature does not match" },
    { label: "a timestamp changed after signing", body: BODY, secret: SECRET, header: header.replace("t=1700000000", "t=1700000001"), now: 1_700_000_000, reason: "signature does not match" },
    { label: "an old delivery replayed", body: BODY, secret: SECRET, header, now: 1_700_000_301, reason: "timestamp outside the tolerance" },
    { label: "no header", body: BODY, secret: SECRET, header: undefined, now: 1_700_000_000, reason: "malformed signature header" },
    { label: "a short MAC", body: BODY, secret: SECRET, header: "t=1700000000,v1=00f3", now: 1_700_000_000, reason: "malformed signature header" },
  ])("refuses $label", ({ body, secret, header: h, now, reason }) => {
    expect(checkSignature(secret, body, h, now)).toEqual({ valid: false, reason });
  });
});
