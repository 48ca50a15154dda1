import { z } from "zod";
import { ROLES, type Role } from "@/lib/auth/roles";
import { isLoopbackHost } from "@/lib/auth/loopback";

// Sign-in configuration, read from the environment. None of the OIDC_* variables set means local mode (no sign-in,
// 127.0.0.1 only, a local administrator); all of the required ones set means sign-in with the organization's
// OpenID Connect provider; anything in between is a configuration error, never a silent fall-back to local mode.

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** The public base URL people reach TrailProof at: every redirect and the callback are built from it. */
  appUrl: URL;
  /** Seals session cookies (HKDF per purpose): at least 32 characters of randomness. */
  authSecret: string;
  /** Absolute session lifetime from sign-in, in seconds (not extended by activity). */
  sessionMaxAgeSeconds: number;
  groupsClaim: string;
  scope: string;
  /** Provider group → the TrailProof roles it grants. */
  roleMap: ReadonlyMap<string, readonly Role[]>;
  /** Plain-http issuer and app URL: for the local test provider only. */
  allowHttp: boolean;
}

const REQUIRED = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "APP_URL", "AUTH_SECRET", "OIDC_ROLE_MAP"] as const;

const url = (name: string) =>
  z
    .string()
    .trim()
    .transform((value, ctx) => {
      try {
        return new URL(value);
      } catch {
        ctx.addIssue({ code: "custom", message: `${name} must be an absolute URL` });
        return z.NEVER;
      }
    });

const schema = z.object({
  OIDC_ISSUER: url("OIDC_ISSUER"),
  OIDC_CLIENT_ID: z.string().trim().min(1),
  OIDC_CLIENT_SECRET: z.string().min(1),
  APP_URL: url("APP_URL"),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters (for example: openssl rand -base64 48)"),
  OIDC_ROLE_MAP: z.string().min(1),
  AUTH_SESSION_MAX_AGE: z.coerce.number().int().min(60).max(7 * 86_400).default(8 * 3600),
  OIDC_GROUPS_CLAIM: z.string().trim().min(1).default("groups"),
  OIDC_SCOPE: z.string().trim().min(1).default("openid profile email groups"),
  OIDC_ALLOW_HTTP: z.enum(["true", "false"]).default("false"),
});

/**
 * `viewer=ops-viewers,admin=ops-admins;secops` → group → roles. Comma-separated `role=group` pairs (shell-safe, one
 * line); `;` separates several groups for one role. A group may grant several roles (their permissions add up).
 */
export function parseRoleMap(text: string): Map<string, Role[]> {
  const map = new Map<string, Role[]>();
  for (const pair of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf("=");
    const role = pair.slice(0, eq).trim();
    const groups = pair.slice(eq + 1).split(";").map((g) => g.trim()).filter(Boolean);
    if (eq <= 0 || groups.length === 0) throw new Error(`OIDC_ROLE_MAP: "${pair}" is not role=group (for example viewer=secops-readers)`);
    if (!(ROLES as readonly string[]).includes(role)) throw new Error(`OIDC_ROLE_MAP: unknown role "${role}" (roles: ${ROLES.join(", ")})`);
    for (const group of groups) {
      const roles = map.get(group) ?? [];
      if (!roles.includes(role as Role)) roles.push(role as Role);
      map.set(group, roles);
    }
  }
  if (map.size === 0) throw new Error("OIDC_ROLE_MAP is empty: map at least one group to a role (for example admin=secops-admins)");
  return map;
}

/** The roles a person's groups grant, in the order of ROLES; empty when none of the groups is mapped. */
export function rolesForGroups(roleMap: ReadonlyMap<string, readonly Role[]>, groups: readonly string[]): Role[] {
  const granted = new Set(groups.flatMap((g) => roleMap.get(g) ?? []));
  return ROLES.filter((role) => granted.has(role));
}

/** null in local mode; the settings when sign-in is configured; throws with the variable to fix otherwise. */
export function readOidcSettings(source: Record<string, string | undefined> = process.env): OidcSettings | null {
  const present = REQUIRED.filter((name) => source[name]?.trim());
  if (present.length === 0) return null;
  const missing = REQUIRED.filter((name) => !source[name]?.trim());
  if (missing.length) throw new Error(`Sign-in is half configured: ${present.join(", ")} set but ${missing.join(", ")} missing`);
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`Invalid sign-in configuration: ${first?.path.join(".")}: ${first?.message}`);
  }
  const env = parsed.data;
  const allowHttp = env.OIDC_ALLOW_HTTP === "true";
  for (const [name, value] of [["OIDC_ISSUER", env.OIDC_ISSUER], ["APP_URL", env.APP_URL]] as const) {
    if (value.protocol !== "https:" && !(allowHttp && value.protocol === "http:" && isLoopbackHost(value.hostname))) {
      throw new Error(`${name} must be an https URL (OIDC_ALLOW_HTTP=true allows http on 127.0.0.1, for a local test provider only)`);
    }
  }
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    appUrl: new URL(env.APP_URL.origin + env.APP_URL.pathname.replace(/\/+$/, "")),
    authSecret: env.AUTH_SECRET,
    sessionMaxAgeSeconds: env.AUTH_SESSION_MAX_AGE,
    groupsClaim: env.OIDC_GROUPS_CLAIM,
    scope: env.OIDC_SCOPE,
    roleMap: parseRoleMap(env.OIDC_ROLE_MAP),
    allowHttp,
  };
}

let cached: { settings: OidcSettings | null } | undefined;

/** The process's sign-in settings, read once (lazily: `next build` must not need them). */
export function oidcSettings(): OidcSettings | null {
  cached ??= { settings: readOidcSettings() };
  return cached.settings;
}

/** An absolute URL under the app's public base URL (never built from the request: Next rewrites 127.0.0.1). */
export function appHref(settings: OidcSettings, pathAndQuery: string): string {
  return settings.appUrl.href.replace(/\/$/, "") + pathAndQuery;
}

/** Only a path on this site: never `//evil.example` or `/\evil.example`, which browsers read as another host. */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}
