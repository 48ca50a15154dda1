import type { Env } from "@/lib/env";

// Links in e-mails and webhooks must work from the reader's mail client, not from the server's own view of itself:
// TRAILPROOF_PUBLIC_URL when set (behind a proxy), else sign-in's APP_URL (already the public address), else the
// address the server listens on (HOSTNAME and PORT, as npm start serves them: local mode's http://127.0.0.1:3000).

const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);

/** The base URL, without a trailing slash. */
export function publicUrl(env: Env): string {
  const configured = env.TRAILPROOF_PUBLIC_URL ?? env.APP_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  // Listening on every interface says nothing about the name people use; the loopback is at least right on this machine.
  const host = WILDCARDS.has(env.HOSTNAME) ? "127.0.0.1" : env.HOSTNAME.includes(":") ? `[${env.HOSTNAME}]` : env.HOSTNAME;
  return `http://${host}:${env.PORT}`;
}
