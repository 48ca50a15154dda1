import type { DeliveryStatus } from "@/lib/db/generated/client";
import { smtpVerdict, webhookVerdict, type AttemptVerdict } from "@/lib/core/notifications/delivery-outcome";
import type { Database } from "@/lib/db/client";
import { findChannelForDelivery, recordDelivery, type ChannelRow } from "@/lib/db/notifications-repository";
import { readEnv } from "@/lib/env";
import type { AlertNotice } from "@/lib/services/alerts/alert-notice";
import { sendMail } from "@/lib/services/notifications/email-sender";
import { emailHtml, emailSubject, emailText, genericPayload, slackPayload, type MessageContext } from "@/lib/services/notifications/messages";
import { publicUrl } from "@/lib/services/notifications/public-url";
import { decryptSecret, SecretError, secretKey, type SecretKey } from "@/lib/services/notifications/secret-box";
import { WebhookAddressError } from "@/lib/services/notifications/webhook-address";
import { postWebhook } from "@/lib/services/notifications/webhook-sender";

// One attempt to deliver one batch of notices to one channel, recorded whatever happens. The queue's job handler
// (lib/jobs/notify-job.ts) and "Send test" both come through here, so a test proves the very path alerts take.

export interface DeliveryRequest {
  channelId: string;
  notices: AlertNotice[];
  test: boolean;
  /** The pg-boss job carrying the batch; null for a test sent at once. */
  jobId: string | null;
  /** 1 for the first try. */
  attempt: number;
  /** No retry is left after this one: a transient failure is then final. */
  lastAttempt: boolean;
}

export type DeliveryResult =
  | { status: DeliveryStatus; verdict: AttemptVerdict; httpStatus: number | null; smtpResponse: string | null; error: string | null }
  | { status: "skipped"; reason: string };

export interface DeliveryDependencies {
  now: () => Date;
  publicUrl: string;
  key: SecretKey;
}

const defaults = (): DeliveryDependencies => ({ now: () => new Date(), publicUrl: publicUrl(readEnv()), key: secretKey() });

interface Outcome {
  verdict: AttemptVerdict;
  httpStatus?: number;
  smtpResponse?: string;
  error?: string;
}

export async function deliverToChannel(database: Database, request: DeliveryRequest, dependencies: Partial<DeliveryDependencies> = {}): Promise<DeliveryResult> {
  const deps = { ...defaults(), ...dependencies };
  const channel = await findChannelForDelivery(database, request.channelId);
  // Removed or switched off after the batch was queued: its owner no longer wants it (a test goes to a disabled one).
  if (!channel) return { status: "skipped", reason: "the channel was removed" };
  if (!channel.enabled && !request.test) return { status: "skipped", reason: "the channel is disabled" };
  if (request.notices.length === 0) return { status: "skipped", reason: "no alerts to deliver" };

  const secrets: string[] = [];
  let outcome: Outcome;
  try {
    outcome = await attempt(channel, request, deps, secrets);
  } catch (error) {
    // A secret that does not decrypt will not decrypt on a retry either, nor will a refused address become allowed:
    // final, and the message says what to do.
    const final = error instanceof SecretError || error instanceof WebhookAddressError;
    outcome = { verdict: final ? "permanent" : "retry", error: describe(error) };
  }
  const status: DeliveryStatus = outcome.verdict === "delivered" ? "delivered" : outcome.verdict === "retry" && !request.lastAttempt ? "retrying" : "failed";
  const row = {
    status,
    verdict: outcome.verdict,
    httpStatus: outcome.httpStatus ?? null,
    smtpResponse: outcome.smtpResponse ? scrub(outcome.smtpResponse, secrets) : null,
    error: outcome.error ? scrub(outcome.error, secrets) : null,
  };
  await recordDelivery(database, { channelId: channel.id, jobId: request.jobId, alertIds: request.notices.map((n) => n.id), test: request.test, attempt: request.attempt, status, httpStatus: row.httpStatus, smtpResponse: row.smtpResponse, error: row.error });
  return row;
}

async function attempt(channel: ChannelRow, request: DeliveryRequest, deps: DeliveryDependencies, secrets: string[]): Promise<Outcome> {
  const context: MessageContext = { publicUrl: deps.publicUrl, test: request.test };
  if (channel.kind === "email") {
    if (!channel.smtpUrl || !channel.emailFrom || channel.emailTo.length === 0) return { verdict: "permanent", error: "the e-mail channel lacks its server, sender or recipients" };
    const password = channel.smtpPassword ? decryptSecret(channel.smtpPassword, { channelId: channel.id, field: "smtpPassword" }, deps.key) : null;
    if (password) secrets.push(password);
    try {
      const response = await sendMail({ url: channel.smtpUrl, password }, { from: channel.emailFrom, to: channel.emailTo, subject: emailSubject(request.notices, context), text: emailText(request.notices, context), html: emailHtml(request.notices, context) });
      return { verdict: "delivered", smtpResponse: response };
    } catch (error) {
      const smtp = error as { responseCode?: number; response?: string };
      return { verdict: smtpVerdict(smtp.responseCode), smtpResponse: smtp.response, error: describe(error) };
    }
  }
  if (!channel.webhookUrl || !channel.secret) return { verdict: "permanent", error: "the webhook channel lacks its URL or secret" };
  const secret = decryptSecret(channel.secret, { channelId: channel.id, field: "secret" }, deps.key);
  secrets.push(secret);
  const now = deps.now();
  const body = JSON.stringify(channel.format === "slack" ? slackPayload(request.notices, context) : genericPayload(request.notices, context, now));
  const url = openWebhookUrl(channel.webhookUrl, channel.id, deps.key);
  secrets.push(url); // an error message that echoes the URL must not store a Slack credential either
  const answer = await postWebhook(url, body, secret, now);
  const verdict = webhookVerdict(answer.status);
  if (verdict === "delivered") return { verdict, httpStatus: answer.status };
  const redirect = answer.status >= 300 && answer.status < 400 ? " (redirects are not followed: configure the final URL)" : "";
  return { verdict, httpStatus: answer.status, error: `the receiver answered HTTP ${answer.status}${redirect}${answer.excerpt ? `: ${answer.excerpt}` : ""}` };
}

/**
 * The URL to post to. Channels added before URLs were sealed (2026-12-05) hold it in clear (an http(s) URL, which never
 * looks like a sealed `v1.` value) until a worker starts and seals it (sealClearWebhookUrls); until then it is sent as
 * it is.
 */
function openWebhookUrl(stored: string, channelId: string, key: SecretKey): string {
  return /^https?:\/\//i.test(stored) ? stored : decryptSecret(stored, { channelId, field: "webhookUrl" }, key);
}

/** An error's message and its cause's (fetch hides "connect ECONNREFUSED …" there). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return error.name === "TimeoutError" ? "no answer within the timeout" : `${error.message}${cause}`;
}

/** Whatever a server echoes back, a secret never reaches the delivery record. */
function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => (secret ? out.split(secret).join("[secret]") : out), text);
}
