import { z } from "zod";

// The query parameters of /api/v1 lists, each parsed once here with a message that names the parameter. Unknown
// parameters are refused rather than ignored: a typo (`acount=`) would otherwise quietly widen the answer.

export class QueryError extends Error {}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

export interface QueryParameter {
  name: string;
  description: string;
  /** The parameter's JSON Schema in the OpenAPI document. */
  schema: Record<string, unknown>;
  /** Several values allowed, repeated or comma-separated. */
  list?: boolean;
}

const ACCOUNT_ID = /^\d{12}$/;

export const PARAMETERS = {
  limit: { name: "limit", description: `Items per page, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT}).`, schema: { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } },
  cursor: { name: "cursor", description: "The `nextCursor` of the previous page.", schema: { type: "string" } },
  account: { name: "account", description: "Only these accounts: 12-digit ids, repeated or comma-separated.", schema: { type: "array", items: { type: "string", pattern: "^\\d{12}$" } }, list: true },
  since: { name: "since", description: "An ISO 8601 time with a zone (e.g. 2026-01-31T00:00:00Z).", schema: { type: "string", format: "date-time" } },
  trail: { name: "trail", description: "Only this trail, by ARN.", schema: { type: "string" } },
  state: { name: "state", description: "Only alerts in this state.", schema: { type: "string", enum: ["open", "acknowledged", "resolved"] } },
} satisfies Record<string, QueryParameter>;

export type ParameterName = keyof typeof PARAMETERS;

export interface ListQuery {
  limit: number;
  cursor?: string;
  account?: string[];
  since?: Date;
  trail?: string;
  state?: "open" | "acknowledged" | "resolved";
}

const parsers = {
  limit: z.coerce.number({ error: "limit: a whole number" }).int("limit: a whole number").min(1, `limit: at least 1`).max(MAX_LIMIT, `limit: at most ${MAX_LIMIT}`),
  cursor: z.string().min(1, "cursor: empty").max(2000, "cursor: too long"),
  account: z.array(z.string().regex(ACCOUNT_ID, "account: a 12-digit AWS account id")).min(1).max(1000, "account: at most 1,000"),
  since: z.iso.datetime({ offset: true, error: "since: an ISO 8601 time with a zone, e.g. 2026-01-31T00:00:00Z" }).transform((s) => new Date(s)),
  trail: z.string().regex(/^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9._-]{3,128}$/, "trail: a CloudTrail trail ARN"),
  state: z.enum(["open", "acknowledged", "resolved"], { error: "state: open, acknowledged or resolved" }),
};

/** Reads `allowed` parameters from the URL; QueryError names the first bad or unknown one. */
export function parseListQuery(url: URL, allowed: readonly ParameterName[]): ListQuery {
  const query: ListQuery = { limit: DEFAULT_LIMIT };
  for (const key of new Set(url.searchParams.keys())) {
    if (!(allowed as readonly string[]).includes(key)) throw new QueryError(`${key}: not a parameter of this list (it takes ${allowed.join(", ")}).`);
  }
  for (const name of allowed) {
    const raw = url.searchParams.getAll(name);
    if (raw.length === 0) continue;
    const parameter: QueryParameter = PARAMETERS[name];
    if (!parameter.list && raw.length > 1) throw new QueryError(`${name}: give it once.`);
    const input = parameter.list ? raw.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean) : raw[0];
    const parsed = parsers[name].safeParse(input);
    if (!parsed.success) throw new QueryError(parsed.error.issues[0]?.message ?? `${name}: not valid`);
    Object.assign(query, { [name]: parsed.data });
  }
  return query;
}
