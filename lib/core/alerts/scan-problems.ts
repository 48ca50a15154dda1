import type { CheckStatus, Severity } from "@/lib/core/checks/types";
import { EMPTY_LINKS, type KnownAlert, type Problem, type Sighting } from "@/lib/core/alerts/problem";

// What one scan found, as problems, and which alerts it could have found again. A trail not logging or with log
// file validation off is a problem whenever a scan sees it; any other check is one when it went from pass to fail
// (against the previous scan's result for the same check and resource), and stays one while it fails. An account
// whose role cannot be assumed, or that a complete read shows without any trail, is one too. A scan resolves only what
// it judged again: a check result read (pass or not applicable, not error), an account it read in full.

export interface ScannedAccount {
  accountId: string;
  status: "succeeded" | "partial" | "failed";
  /** Why sts:AssumeRole failed in this scan, if it did. */
  assumeRoleError: string | null;
  /** Trails the scan saw from the account, its own and inherited. */
  trailCount: number;
}

export interface ScannedResult {
  id: bigint;
  accountId: string;
  trailArn: string | null;
  checkId: string;
  checkTitle: string;
  region: string | null;
  status: CheckStatus;
  severity: Severity;
  reason: string;
  /** An organization trail's row in a member account: its owner's row raises the alert. */
  inherited: boolean;
  /** The previous scan's status for the same check, account, trail and region; null when none judged it. */
  previousStatus: CheckStatus | null;
}

export interface ScanFacts {
  accounts: ScannedAccount[];
  results: ScannedResult[];
  /** Keys of the alerts open or acknowledged now: a check that keeps failing keeps its alert. */
  activeKeys: Set<string>;
}

/** Checks whose failure is always an alert, of its own kind. */
const STANDING: Record<string, { kind: string; title: (trail: string) => string }> = {
  logging_enabled: { kind: "trail-not-logging", title: (trail) => `Trail ${trail} is not logging` },
  log_file_validation: { kind: "validation-off", title: (trail) => `Log file validation is off on ${trail}` },
};

function trailName(arn: string | null): string {
  return arn?.split("/").at(-1) ?? "(account)";
}

function resultKey(result: ScannedResult): string {
  const standing = STANDING[result.checkId];
  if (standing) return `${standing.kind}|${result.trailArn ?? result.accountId}`;
  return `check-failed|${result.accountId}|${result.trailArn ?? ""}|${result.checkId}|${result.region ?? ""}`;
}

function resultProblem(result: ScannedResult, facts: ScanFacts): Problem | null {
  if (result.inherited || result.status !== "fail") return null;
  const key = resultKey(result);
  const standing = STANDING[result.checkId];
  if (!standing && result.previousStatus !== "pass" && !facts.activeKeys.has(key)) return null;
  return {
    key,
    kind: standing?.kind ?? "check-failed",
    severity: result.severity,
    title: standing ? standing.title(trailName(result.trailArn)) : `${result.checkTitle} now fails on ${trailName(result.trailArn)}`,
    reason: result.reason,
    accountId: result.accountId,
    region: result.region,
    trailArn: result.trailArn,
    s3Uri: null,
    objectTime: null,
    ...EMPTY_LINKS,
    checkResultId: result.id,
    checkId: result.checkId,
  };
}

function accountProblem(account: ScannedAccount, kind: "role-unassumable" | "account-no-trail", reason: string): Problem {
  return {
    key: `${kind}|${account.accountId}`,
    kind,
    severity: "high",
    title: kind === "role-unassumable" ? `TrailProof's role cannot be assumed in ${account.accountId}` : `Account ${account.accountId} has no trail`,
    reason,
    accountId: account.accountId,
    region: null,
    trailArn: null,
    s3Uri: null,
    objectTime: null,
    ...EMPTY_LINKS,
  };
}

export function scanSighting(facts: ScanFacts): Sighting {
  const problems: Problem[] = [];
  for (const account of facts.accounts) {
    if (account.assumeRoleError) problems.push(accountProblem(account, "role-unassumable", account.assumeRoleError));
    else if (account.status === "succeeded" && account.trailCount === 0) {
      problems.push(accountProblem(account, "account-no-trail", "the scan read the account in every region and found no trail logging it"));
    }
  }
  for (const result of facts.results) {
    const problem = resultProblem(result, facts);
    if (problem) problems.push(problem);
  }
  const scanned = new Map(facts.accounts.map((account) => [account.accountId, account]));
  const judged = new Set(facts.results.filter((r) => !r.inherited && r.status !== "error").map(resultKey));
  const couldSee = (alert: KnownAlert): boolean => {
    if (alert.runKind !== "scan" || alert.accountId === null) return false;
    const account = scanned.get(alert.accountId);
    if (!account) return false;
    if (alert.kind === "role-unassumable") return true;
    if (alert.kind === "account-no-trail") return account.status === "succeeded";
    return judged.has(alert.key);
  };
  return { problems, couldSee };
}
