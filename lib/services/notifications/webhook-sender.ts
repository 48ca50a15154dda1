import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { SIGNATURE_HEADER, signatureHeader } from "@/lib/core/notifications/signature";
import { privateWebhooksAllowed, WebhookAddressError, webhookAddressRefusal } from "@/lib/services/notifications/webhook-address";

// One POST to a receiver's URL: the signed body, a bounded wait, and no redirects (a receiver that redirects is
// misconfigured, and following it would send the alerts and a valid signature to a host nobody configured). The URL is
// the user's own endpoint, never an AWS API: TrailProof stays read-only towards AWS. The address the connection uses
// is checked where the socket is opened (webhook-address.ts): a name that resolves, or later re-resolves, to the
// metadata service or a private address is refused, not merely the URL's text.

export const USER_AGENT = "TrailProof-Webhooks/1 (+https://github.com/trailproof)";
export const WEBHOOK_TIMEOUT_MS = 10_000;
const EXCERPT_BYTES = 300;

export interface WebhookAnswer {
  status: number;
  /** The start of the receiver's reply, for the delivery record. */
  excerpt: string;
}

/** The URL parsed, or a clear error: not a URL, not http(s), or an IP address webhooks may not go to. */
export function assertWebhookUrl(url: string, allowPrivate = privateWebhooksAllowed()): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("the webhook URL is not a URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("the webhook URL must be http or https");
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  const refusal = net.isIP(host) ? webhookAddressRefusal(host, allowPrivate) : null;
  if (refusal) throw new WebhookAddressError(`the webhook URL's host: ${refusal}`);
  return parsed;
}

/** dns.lookup, refusing every answer webhooks may not go to: the socket connects only to an address checked here. */
function guardedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const list = addresses as dns.LookupAddress[];
      const refused = list.map((a) => webhookAddressRefusal(a.address, allowPrivate)).find((r) => r !== null);
      if (refused) return callback(new WebhookAddressError(`${hostname} resolves to ${refused}`), "", 0);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Sends `body` signed under `secret`; throws on a network error, a refused address or a timeout (no HTTP answer). */
export async function postWebhook(url: string, body: string, secret: string, now = new Date(), timeoutMs = WEBHOOK_TIMEOUT_MS, allowPrivate = privateWebhooksAllowed()): Promise<WebhookAnswer> {
  const target = assertWebhookUrl(url, allowPrivate);
  const headers = {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
    "user-agent": USER_AGENT,
    [SIGNATURE_HEADER]: signatureHeader(secret, body, Math.floor(now.getTime() / 1000)),
  };
  const send = target.protocol === "https:" ? https.request : http.request;
  // node:http never follows redirects: a 3xx is the answer.
  return new Promise<WebhookAnswer>((resolve, reject) => {
    const request = send(target, { method: "POST", headers, lookup: guardedLookup(allowPrivate), signal: AbortSignal.timeout(timeoutMs) }, (response) => {
      excerptOf(response).then((excerpt) => resolve({ status: response.statusCode ?? 0, excerpt }), reject);
    });
    request.on("error", (error) => reject(error.name === "AbortError" ? Object.assign(new Error("no answer within the timeout"), { name: "TimeoutError" }) : error));
    request.end(body);
  });
}

/** The start of the reply only: a receiver cannot make TrailProof hold a large or endless body. */
async function excerptOf(response: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= EXCERPT_BYTES) break;
    }
  } catch {
    // A reply cut off or timed out after its status: the status is what counts.
  } finally {
    response.destroy();
  }
  return Buffer.concat(chunks).toString("utf8").slice(0, EXCERPT_BYTES);
}
