import { createHmac, timingSafeEqual } from "node:crypto";

// Every webhook delivery is signed the way receivers of Stripe's and Slack's webhooks already check them: an HMAC over
// the timestamp and the exact bytes sent, so a receiver can refuse forged bodies and, by the timestamp, old replays.

export const SIGNATURE_HEADER = "X-TrailProof-Signature";

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" under the secret>`. */
export function signatureHeader(secret: string, rawBody: string, unixSeconds: number): string {
  if (!Number.isSafeInteger(unixSeconds) || unixSeconds < 0) throw new Error(`not a unix time in seconds: ${unixSeconds}`);
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${rawBody}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

export type SignatureCheck = { valid: true; unixSeconds: number } | { valid: false; reason: string };

/**
 * A receiver's check, as docs/notifications.md describes it: the header parses, the HMAC matches (compared in constant
 * time), and the timestamp is within `toleranceSeconds` of `nowSeconds`.
 */
export function checkSignature(secret: string, rawBody: string, header: string | undefined, nowSeconds: number, toleranceSeconds = 300): SignatureCheck {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!match) return { valid: false, reason: "malformed signature header" };
  const unixSeconds = Number(match[1]);
  const expected = Buffer.from(signatureHeader(secret, rawBody, unixSeconds).slice(-64), "hex");
  if (!timingSafeEqual(expected, Buffer.from(match[2]!, "hex"))) return { valid: false, reason: "signature does not match" };
  if (Math.abs(nowSeconds - unixSeconds) > toleranceSeconds) return { valid: false, reason: "timestamp outside the tolerance" };
  return { valid: true, unixSeconds };
}
