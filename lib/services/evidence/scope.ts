import { z } from "zod";

// What an evidence report covers: the organization, one account or one trail, over a time window. One parser for
// the CLI's `--scope org|account:ID|trail:ARN` and one zod schema for the server action, so both accept the same.

export type EvidenceScope = { kind: "organization" } | { kind: "account"; accountId: string } | { kind: "trail"; trailArn: string };

export interface EvidenceWindow {
  from: Date;
  to: Date;
}

const ACCOUNT_ID = /^\d{12}$/;
const TRAIL_ARN = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/.+$/;

export const scopeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("organization") }),
  z.object({ kind: z.literal("account"), accountId: z.string().trim().regex(ACCOUNT_ID, "an account id is 12 digits") }),
  z.object({ kind: z.literal("trail"), trailArn: z.string().trim().regex(TRAIL_ARN, "a trail ARN looks like arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME") }),
]);

export const windowSchema = z
  .object({ from: z.coerce.date(), to: z.coerce.date() })
  .refine((w) => !Number.isNaN(w.from.getTime()) && !Number.isNaN(w.to.getTime()), "the window needs two valid times")
  .refine((w) => w.from.getTime() < w.to.getTime(), "the window must start before it ends");

/** `org`, `account:111122223333` or `trail:arn:aws:cloudtrail:…` (the ARN keeps its own colons). */
export function parseScopeArgument(text: string): EvidenceScope {
  const [kind, ...rest] = text.trim().split(":");
  const value = rest.join(":");
  const candidate =
    kind === "org" || kind === "organization"
      ? { kind: "organization" }
      : kind === "account"
        ? { kind: "account", accountId: value }
        : kind === "trail"
          ? { kind: "trail", trailArn: value }
          : null;
  if (!candidate || (candidate.kind === "organization" && value)) throw new Error(`--scope must be org, account:ACCOUNT_ID or trail:TRAIL_ARN, not "${text}"`);
  const parsed = scopeSchema.safeParse(candidate);
  if (!parsed.success) throw new Error(`--scope ${text}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

/** The scope in words, for covers, footers and lists. */
export function describeScope(scope: EvidenceScope): string {
  switch (scope.kind) {
    case "organization":
      return "Organization";
    case "account":
      return `Account ${scope.accountId}`;
    case "trail":
      return `Trail ${scope.trailArn}`;
  }
}

/** The stored columns of a scope (EvidenceExport.scopeKind / scopeId). */
export function scopeColumns(scope: EvidenceScope): { scopeKind: EvidenceScope["kind"]; scopeId: string | null } {
  return { scopeKind: scope.kind, scopeId: scope.kind === "account" ? scope.accountId : scope.kind === "trail" ? scope.trailArn : null };
}

export function scopeFromColumns(kind: string, id: string | null): EvidenceScope {
  if (kind === "account" && id) return { kind, accountId: id };
  if (kind === "trail" && id) return { kind, trailArn: id };
  return { kind: "organization" };
}
