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
