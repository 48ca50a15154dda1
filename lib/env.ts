import { z } from "zod";

// Every setting TrailProof reads from the environment, validated once. Unset means "embedded default".
const schema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((u) => /^postgres(ql)?:\/\//.test(u), "DATABASE_URL must start with postgresql://")
    .optional(),
  /** The owner's connection that runs migrations and grants DATABASE_URL's role its privileges (docs/configuration.md). */
  DATABASE_MIGRATION_URL: z
    .string()
    .trim()
    .min(1)
    .refine((u) => /^postgres(ql)?:\/\//.test(u), "DATABASE_MIGRATION_URL must start with postgresql://")
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().default("127.0.0.1"),
  TRAILPROOF_DATA_DIR: z.string().optional(),
  /** The Ed25519 key that signs evidence bundles (lib/services/evidence/signing-key.ts); default in the data dir. */
  TRAILPROOF_SIGNING_KEY_FILE: z.string().trim().min(1).optional(),
  TRAILPROOF_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  TRAILPROOF_SANDBOX_PORT: z.coerce.number().int().min(1).max(65535).default(4566),
  /** Set by `npm start` when it serves the local demo organization; the UI labels every page. */
  TRAILPROOF_DEMO: z.enum(["0", "1"]).default("0"),
  /** `0`: the demo organization stops at its seeded hours instead of logging on (lib/sandbox/live-delivery.ts). */
  TRAILPROOF_DEMO_DELIVERY: z.enum(["0", "1"]).default("1"),
  /** `0`: this process's worker carries out queued jobs only, leaving the schedules to other workers (docs/schedules.md). */
  TRAILPROOF_SCHEDULES: z.enum(["0", "1"]).default("1"),
  /** Days a notification delivery record is kept (each channel's newest is kept whatever its age). */
  TRAILPROOF_DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** `1`: webhooks may be delivered to loopback and private addresses (never link-local/metadata; docs/notifications.md). */
  TRAILPROOF_WEBHOOK_PRIVATE: z.enum(["0", "1"]).default("0"),
  /** Encrypts notification secrets (lib/services/notifications/secret-box.ts); else AUTH_SECRET, else the signing key. */
  TRAILPROOF_SECRETS_KEY: z.string().min(32, "TRAILPROOF_SECRETS_KEY must be at least 32 characters (for example: openssl rand -base64 48)").optional(),
  /** Sign-in's session secret (validated with the rest of sign-in in lib/auth/auth-settings.ts); read here as a key source. */
  AUTH_SECRET: z.string().optional(),
  /** The sign-in's public base URL (lib/auth/auth-settings.ts); links in notifications use it when set. */
  APP_URL: z.string().optional(),
  /** The address links in notifications point to (https://trailproof.example.com); default APP_URL, else HOSTNAME:PORT. */
  TRAILPROOF_PUBLIC_URL: z
    .string()
    .trim()
    .refine((u) => /^https?:\/\/[^/]/.test(u), "TRAILPROOF_PUBLIC_URL must be an http or https URL")
    .optional(),
});

export type Env = z.infer<typeof schema>;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${first?.path.join(".")}: ${first?.message}`);
  }
  return parsed.data;
}
