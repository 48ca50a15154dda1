import { SIGNATURE_HEADER, signatureHeader } from "@/lib/core/notifications/signature";

// One POST to a receiver's URL: the signed body, a bounded wait, and no redirects (a receiver that redirects is
// misconfigured, and following it would send the alerts and a valid signature to a host nobody configured). The URL is
// the user's own endpoint, never an AWS API: TrailProof stays read-only towards AWS.

export const USER_AGENT = "TrailProof-Webhooks/1 (+https://github.com/trailproof)";
export const WEBHOOK_TIMEOUT_MS = 10_000;
const EXCERPT_BYTES = 300;

export interface WebhookAnswer {
  status: number;
  /** The start of the receiver's reply, for the delivery record. */
  excerpt: string;
}

export function assertWebhookUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("the webhook URL is not a URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("the webhook URL must be http or https");
  return parsed;
}

/** Sends `body` signed under `secret`; throws on a network error or timeout (no HTTP answer at all). */
export async function postWebhook(url: string, body: string, secret: string, now = new Date(), timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<WebhookAnswer> {
  const response = await fetch(assertWebhookUrl(url), {
    method: "POST",
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
    headers: {
      "content-type": "application/json; charset=utf-8",
      "user-agent": USER_AGENT,
      [SIGNATURE_HEADER]: signatureHeader(secret, body, Math.floor(now.getTime() / 1000)),
    },
  });
  return { status: response.status, excerpt: await excerptOf(response) };
}

/** The start of the reply only: a receiver cannot make TrailProof hold a large or endless body. */
async function excerptOf(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // A reply cut off or timed out after its status: the status is what counts.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString("utf8").slice(0, EXCERPT_BYTES);
}
