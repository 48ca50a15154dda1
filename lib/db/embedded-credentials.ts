import { randomBytes } from "node:crypto";
import fs from "node:fs";

// The embedded server's two passwords, made once per data directory and kept beside it (mode 0600): the owner's
// (the cluster superuser, which runs migrations) and the application's (a plain role, see lib/db/app-role.ts). Random
// per installation, so another local user or a web page reaching 127.0.0.1:PORT cannot guess its way in.

export const OWNER_ROLE = "postgres";
export const APP_ROLE = "trailproof_app";
/** What every embedded cluster used before passwords were generated: only accepted once, to replace it. */
export const LEGACY_OWNER_PASSWORD = "trailproof-local";

export interface EmbeddedCredentials {
  ownerPassword: string;
  appPassword: string;
}

export function credentialsFile(dataDir: string): string {
  return `${dataDir}.credentials.json`;
}

export function readCredentials(dataDir: string): EmbeddedCredentials | null {
  let text: string;
  try {
    text = fs.readFileSync(credentialsFile(dataDir), "utf8");
  } catch {
    return null;
  }
  const parsed = JSON.parse(text) as Partial<EmbeddedCredentials>;
  if (typeof parsed.ownerPassword !== "string" || typeof parsed.appPassword !== "string") {
    throw new Error(`${credentialsFile(dataDir)} is damaged: it must hold ownerPassword and appPassword`);
  }
  return { ownerPassword: parsed.ownerPassword, appPassword: parsed.appPassword };
}

export function newCredentials(): EmbeddedCredentials {
  return { ownerPassword: randomPassword(), appPassword: randomPassword() };
}

/** Written with mode 0600 from creation (flag "wx" on a fresh file): never readable by others, even for a moment. */
export function writeCredentials(dataDir: string, credentials: EmbeddedCredentials): EmbeddedCredentials {
  const file = credentialsFile(dataDir);
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  return credentials;
}

/** URL-safe (base64url), so it goes into a connection URL unescaped; 32 bytes of entropy. */
function randomPassword(): string {
  return randomBytes(32).toString("base64url");
}
