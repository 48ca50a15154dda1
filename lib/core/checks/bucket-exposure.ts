import type { AclGrant } from "@/lib/core/checks/snapshot";

// How a bucket can be public by itself, before any public access block is applied: a policy statement that allows
// everyone without a condition, or an ACL grant to one of S3's global groups. CIS 3.3 audits exactly these shapes.

const PUBLIC_GROUPS = ["AllUsers", "AuthenticatedUsers"] as const;

/** A grant to a global group; S3 reports the URI with http://, compared by its path so https:// is no loophole. */
export function publicGrants(grants: AclGrant[]): AclGrant[] {
  return grants.filter(({ granteeUri }) =>
    PUBLIC_GROUPS.some((group) => granteeUri?.endsWith(`acs.amazonaws.com/groups/global/${group}`) ?? false),
  );
}

export type PolicyVerdict = { ok: true; publicStatements: string[] } | { ok: false; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEveryone(principal: unknown): boolean {
  if (principal === "*") return true;
  if (!isRecord(principal)) return false;
  const aws = principal.AWS;
  return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}

function hasCondition(statement: Record<string, unknown>): boolean {
  const condition = statement.Condition;
  return isRecord(condition) && Object.keys(condition).length > 0;
}

/**
 * The statements (by Sid, or "Statement[i]" when unnamed) that make a bucket policy public: Effect Allow, Principal
 * "*" or {"AWS": "*"}, and no Condition. A condition may still be broad, but it is S3's PolicyStatus that judges
 * those; this fallback flags only the unambiguous case.
 */
export function publicPolicyStatements(policyDocument: string): PolicyVerdict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(policyDocument);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (!isRecord(parsed)) return { ok: false, message: "the policy is not a JSON object" };
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  const publicStatements = statements.flatMap((statement: unknown, index) =>
    isRecord(statement) && statement.Effect === "Allow" && isEveryone(statement.Principal) && !hasCondition(statement)
      ? [typeof statement.Sid === "string" && statement.Sid !== "" ? statement.Sid : `Statement[${index}]`]
      : [],
  );
  return { ok: true, publicStatements };
}
