import { z } from "zod";
import { EXCEPTION_SCOPES, type ExceptionTarget } from "@/lib/core/exceptions/exception";

// What a proposal must hold, whoever writes it (the Exceptions page, `trailproof exceptions add`, an exceptions file):
// one zod schema, so every path gives the same clear message (the field's path and the reason).

/** An exception lasts at most a year: 366 days, so a proposal on 29 February still gets its full year. */
export const MAX_EXCEPTION_DAYS = 366;
const DAY_MS = 86_400_000;

// A YAML file's unquoted account id is a number, and loses its leading zeros: ask for quotes rather than guess.
const ACCOUNT_ID = z.string({ error: 'an AWS account id is 12 digits, as a string (quote it in YAML: "012345678901")' }).regex(/^\d{12}$/, "an AWS account id is 12 digits");
const CHECK_ID = z.string().trim().regex(/^[a-z0-9_]+$/, "a check id such as multi_region (lower case, digits and _)");
const TRAIL_ARN = z.string().trim().regex(/^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9._-]{3,128}$/, "a CloudTrail trail ARN (arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME)");
const OU_PATH = z.string().trim().regex(/^Root(\/[^/]+)*$/, 'an OU path as shown on the heatmap, such as "Root/Sandbox"');
const FINDING_ID = z.string().trim().regex(/^trailproof\/(file|integrity)\/[0-9a-f]{40}$/, "an integrity finding id as exported (trailproof/file/… or trailproof/integrity/…)");

export const exceptionTargetSchema = z.discriminatedUnion("scope", [
  z.object({ scope: z.literal("account"), checkId: CHECK_ID, accountId: ACCOUNT_ID }),
  z.object({ scope: z.literal("trail"), checkId: CHECK_ID, trailArn: TRAIL_ARN }),
  z.object({ scope: z.literal("organizational_unit"), checkId: CHECK_ID, ouPath: OU_PATH }),
  z.object({ scope: z.literal("finding"), findingId: FINDING_ID }),
], { error: () => `scope must be one of ${EXCEPTION_SCOPES.join(", ")}` });

export const proposalFieldsSchema = z.object({
  justification: z.string().trim().min(10, "say why the risk is accepted (at least 10 characters)").max(2000, "keep the justification under 2,000 characters"),
  owner: z.string().trim().min(1, "name who answers for the risk (owner)").max(200, "keep the owner under 200 characters"),
  expiresAt: z.coerce.date({ error: "expires must be a date (YYYY-MM-DD or an ISO time)" }),
});

export type ExceptionProposal = ExceptionTarget & z.infer<typeof proposalFieldsSchema>;

/** One problem with a proposal: where (a dotted path, empty for the whole) and why. */
export interface ProposalProblem {
  path: string;
  message: string;
}

/** The dates' rule, apart from the shape: expires after creation, and at most MAX_EXCEPTION_DAYS later. */
export function expiryProblem(createdAt: Date, expiresAt: Date): string | null {
  if (Number.isNaN(expiresAt.getTime())) return "expires must be a date (YYYY-MM-DD or an ISO time)";
  if (expiresAt.getTime() <= createdAt.getTime()) return "expires must be in the future";
  if (expiresAt.getTime() - createdAt.getTime() > MAX_EXCEPTION_DAYS * DAY_MS) return `expires must be at most a year (${MAX_EXCEPTION_DAYS} days) after the exception is created`;
  return null;
}

/** Parses and checks a proposal as created at `now`; the problems name their field, so a file's line can be found. */
export function parseProposal(input: unknown, now: Date): { ok: true; proposal: ExceptionProposal } | { ok: false; problems: ProposalProblem[] } {
  const target = exceptionTargetSchema.safeParse(input);
  const fields = proposalFieldsSchema.safeParse(input);
  const problems: ProposalProblem[] = [];
  for (const result of [target, fields]) {
    if (!result.success) problems.push(...result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })));
  }
  // The dates' rule whenever expires is a date, so one pass lists every problem of the proposal.
  const expires = proposalFieldsSchema.shape.expiresAt.safeParse(typeof input === "object" && input !== null ? (input as { expiresAt?: unknown }).expiresAt : undefined);
  if (expires.success) {
    const expiry = expiryProblem(now, expires.data);
    if (expiry) problems.push({ path: "expiresAt", message: expiry });
  }
  if (problems.length > 0 || !target.success || !fields.success) return { ok: false, problems };
  return { ok: true, proposal: { ...target.data, ...fields.data } };
}

export function formatProblems(problems: ProposalProblem[]): string {
  return problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ");
}
