import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/client";
import { recordAudit, type AuditContext } from "@/lib/db/audit-repository";
import { clearWebhookUrls, createChannel, deleteChannel, sealWebhookUrl, setChannelEnabled, type ChannelView } from "@/lib/db/notifications-repository";
import { encryptSecret, secretKey, type SecretKey } from "@/lib/services/notifications/secret-box";
import { assertWebhookUrl } from "@/lib/services/notifications/webhook-sender";

// Adding, switching and removing notification channels: Settings' server actions and `trailproof notify` both call
// these. Each change and its audit record commit together; the record names the channel and what changed, never a
// secret (nor a webhook URL's path, which for Slack is itself the credential: only its origin).

export const AUDIT_ACTION = "settings.notification";

/** An input the caller can fix; its message is safe to show. */
export class ChannelInputError extends Error {}

export const MIN_SECRET_LENGTH = 16;
const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+$/;

export interface SmtpSettings {
  /** smtp://user@host:port, the password removed. */
  url: string;
  password: string | null;
}

/** smtp://user:pass@host:587 or smtps://…: the URL to store without its password, and the password to encrypt. */
export function splitSmtpUrl(input: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new ChannelInputError("the SMTP URL is not a URL (smtp://user:password@host:587)");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new ChannelInputError("the SMTP URL must start with smtp:// (STARTTLS) or smtps:// (TLS)");
  if (!url.hostname) throw new ChannelInputError("the SMTP URL names no host");
  if (url.pathname.replace(/\/+$/, "") || url.search || url.hash) throw new ChannelInputError("the SMTP URL takes no path or options: smtp://user:password@host:587");
  const password = url.password ? decodeURIComponent(url.password) : null;
  url.password = "";
  return { url: url.toString().replace(/\/$/, ""), password };
}

export interface EmailChannelInput {
  smtpUrl: string;
  to: string[];
  /** Default: the SMTP user when it is an address, else trailproof@<SMTP host>. */
  from?: string;
}

export interface WebhookChannelInput {
  url: string;
  secret: string;
  format: "generic" | "slack";
}

function checkAddresses(to: string[], from: string): void {
  if (to.length === 0) throw new ChannelInputError("name at least one recipient");
  const bad = [...to, from.replace(/^.*<([^>]*)>\s*$/, "$1")].find((address) => !EMAIL.test(address));
  if (bad !== undefined) throw new ChannelInputError(`"${bad.slice(0, 100)}" is not an e-mail address`);
}

export async function addEmailChannel(database: Database, audit: AuditContext, input: EmailChannelInput, key: SecretKey = secretKey()): Promise<ChannelView> {
  const smtp = splitSmtpUrl(input.smtpUrl);
  const smtpUrl = new URL(smtp.url);
  const user = decodeURIComponent(smtpUrl.username);
  const from = input.from?.trim() || (EMAIL.test(user) ? user : `trailproof@${smtpUrl.hostname}`);
  const to = input.to.map((address) => address.trim()).filter(Boolean);
  checkAddresses(to, from);
  const id = randomUUID();
  return database.$transaction(async (tx) => {
    const channel = await createChannel(tx, {
      id,
      kind: "email",
      smtpUrl: smtp.url,
      smtpPassword: smtp.password === null ? null : encryptSecret(smtp.password, { channelId: id, field: "smtpPassword" }, key),
      emailFrom: from,
      emailTo: to,
      createdBy: audit.actor.id,
    });
    await recordAudit(tx, audit, { action: AUDIT_ACTION, target: id, outcome: "succeeded", detail: { change: "added", kind: "email", smtpServer: smtpUrl.host, to, passwordSet: smtp.password !== null } });
    return channel;
  });
}

export async function addWebhookChannel(database: Database, audit: AuditContext, input: WebhookChannelInput, key: SecretKey = secretKey()): Promise<ChannelView> {
  let url: URL;
  try {
    url = assertWebhookUrl(input.url.trim());
  } catch (error) {
    throw new ChannelInputError((error as Error).message);
  }
  if (input.secret.length < MIN_SECRET_LENGTH) throw new ChannelInputError(`the webhook secret must be at least ${MIN_SECRET_LENGTH} characters (for example: openssl rand -hex 32)`);
  const id = randomUUID();
  return database.$transaction(async (tx) => {
    const channel = await createChannel(tx, {
      id,
      kind: "webhook",
      webhookUrl: encryptSecret(url.toString(), { channelId: id, field: "webhookUrl" }, key),
      webhookOrigin: url.origin,
      format: input.format,
      secret: encryptSecret(input.secret, { channelId: id, field: "secret" }, key),
      createdBy: audit.actor.id,
    });
    await recordAudit(tx, audit, { action: AUDIT_ACTION, target: id, outcome: "succeeded", detail: { change: "added", kind: "webhook", format: input.format, origin: url.origin, secretSet: true } });
    return channel;
  });
}

/** Where a channel sends, as pages, the CLI and audit records show it: a webhook by its origin alone. */
export function destination(channel: Pick<ChannelView, "kind" | "emailTo" | "webhookOrigin" | "smtpUrl">): string {
  if (channel.kind === "email") return `${channel.emailTo.join(", ")} via ${channel.smtpUrl ? new URL(channel.smtpUrl).host : "?"}`;
  return channel.webhookOrigin ? `${channel.webhookOrigin}/…` : "?";
}

/** Switches a channel on or off; false when there is no such channel. */
export async function enableChannel(database: Database, audit: AuditContext, id: string, enabled: boolean): Promise<boolean> {
  return database.$transaction(async (tx) => {
    const before = await setChannelEnabled(tx, id, enabled);
    if (!before) return false;
    await recordAudit(tx, audit, { action: AUDIT_ACTION, target: id, outcome: "succeeded", detail: { change: enabled ? "enabled" : "disabled", kind: before.kind, destination: destination(before), wasEnabled: before.enabled } });
    return true;
  });
}

/** Removes a channel and its delivery history; false when there is no such channel. */
export async function removeChannel(database: Database, audit: AuditContext, id: string): Promise<boolean> {
  return database.$transaction(async (tx) => {
    const before = await deleteChannel(tx, id);
    if (!before) return false;
    await recordAudit(tx, audit, { action: AUDIT_ACTION, target: id, outcome: "succeeded", detail: { change: "removed", kind: before.kind, destination: destination(before) } });
    return true;
  });
}

/** TrailProof itself, sealing what an older version stored in clear: no person acted. */
const SEAL_AUDIT: AuditContext = { actor: { id: "system:notifications", name: "TrailProof notifications", roles: [], mode: "system" }, source: { ip: null, userAgent: null } };

/**
 * Seals the webhook URLs of channels added before URLs were sealed (2026-12-05): the migration that added sealing
 * could not (the key lives in the environment, not the database), so a worker does it when it starts. A Slack
 * incoming-webhook URL is itself the credential: it must not stay readable to whoever reads a database dump. Each is
 * sealed once with an audit record, whatever number of workers start at once. Returns how many this call sealed.
 */
export async function sealClearWebhookUrls(database: Database, key: SecretKey = secretKey()): Promise<number> {
  let sealed = 0;
  for (const { id, webhookUrl } of await clearWebhookUrls(database)) {
    if (!webhookUrl || !URL.canParse(webhookUrl)) continue; // one malformed row must not keep the others in clear
    const origin = new URL(webhookUrl).origin;
    const done = await database.$transaction(async (tx) => {
      if (!(await sealWebhookUrl(tx, id, webhookUrl, encryptSecret(webhookUrl, { channelId: id, field: "webhookUrl" }, key), origin))) return false;
      await recordAudit(tx, SEAL_AUDIT, { action: AUDIT_ACTION, target: id, outcome: "succeeded", detail: { change: "webhook URL sealed", kind: "webhook", origin } });
      return true;
    });
    if (done) sealed += 1;
  }
  return sealed;
}
