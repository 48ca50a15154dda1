import nodemailer from "nodemailer";
import type { SMTPTransportOptions } from "nodemailer/lib/smtp-transport";
import { isLoopbackHost } from "@/lib/auth/loopback";

// One message through the channel's SMTP server. smtps:// is TLS from the start (port 465); smtp:// must upgrade with
// STARTTLS (port 587) before the password is sent, except to a relay on this machine: otherwise anyone on the path
// could strip the server's STARTTLS offer and read the password. Every phase has a timeout, so a silent server fails
// the attempt, which is retried.

export interface SmtpTarget {
  /** smtp://user@host:587 or smtps://user@host:465, without the password. */
  url: string;
  password: string | null;
}

export interface OutgoingMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

const TIMEOUT_MS = 15_000;

export function transportOptions(target: SmtpTarget): SMTPTransportOptions {
  const url = new URL(target.url);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const secure = url.protocol === "smtps:";
  return {
    host,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && !isLoopbackHost(host),
    auth: url.username ? { user: decodeURIComponent(url.username), pass: target.password ?? "" } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    // Never written to the log: nodemailer's own logger would print the AUTH exchange.
    logger: false,
    debug: false,
  };
}

/** The server's final reply ("250 2.0.0 Ok: queued as …"); throws nodemailer's error (with responseCode) when refused. */
export async function sendMail(target: SmtpTarget, mail: OutgoingMail): Promise<string> {
  const transport = nodemailer.createTransport(transportOptions(target));
  try {
    const info = await transport.sendMail(mail);
    return info.response;
  } finally {
    transport.close();
  }
}
