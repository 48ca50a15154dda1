import nodemailer from "nodemailer";

// One message through the channel's SMTP server. smtp:// upgrades with STARTTLS when the server offers it, smtps://
// is TLS from the start (port 465); every phase has a timeout so a silent server fails the attempt, which is retried.

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

/** The server's final reply ("250 2.0.0 Ok: queued as …"); throws nodemailer's error (with responseCode) when refused. */
export async function sendMail(target: SmtpTarget, mail: OutgoingMail): Promise<string> {
  const url = new URL(target.url);
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
    secure: url.protocol === "smtps:",
    auth: url.username ? { user: decodeURIComponent(url.username), pass: target.password ?? "" } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    // Never written to the log: nodemailer's own logger would print the AUTH exchange.
    logger: false,
    debug: false,
  });
  try {
    const info = await transport.sendMail(mail);
    return info.response;
  } finally {
    transport.close();
  }
}
