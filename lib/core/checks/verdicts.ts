import type { CallError } from "@/lib/core/checks/snapshot";
import type { CheckResult, CheckStatus, Evidence } from "@/lib/core/checks/types";

// Result builders bound to one check id, so a check cannot stamp its verdict with another check's id and every
// "could not read" error has the same sentence and evidence shape across checks.

export interface Verdicts {
  pass(reason: string, evidence: Evidence): CheckResult;
  fail(reason: string, evidence: Evidence): CheckResult;
  notApplicable(reason: string, evidence: Evidence): CheckResult;
  /** We could not evaluate for a reason other than a failed call (missing input, malformed document). */
  error(reason: string, evidence: Evidence): CheckResult;
  /** A Read that failed: `Could not read <what>: <call> <code>: <message>`. */
  unreadable(what: string, error: CallError): CheckResult;
}

export function verdictsFor(checkId: string): Verdicts {
  const result = (status: CheckStatus) => (reason: string, evidence: Evidence) => ({
    checkId,
    status,
    reason,
    evidence,
  });
  return {
    pass: result("pass"),
    fail: result("fail"),
    notApplicable: result("not_applicable"),
    error: result("error"),
    unreadable: (what, error) =>
      result("error")(
        `Could not read ${what}: ${error.call} ${error.code}: ${error.message}`,
        callErrorEvidence(error),
      ),
  };
}

export function callErrorEvidence(error: CallError): Evidence {
  return {
    failedCall: error.call,
    errorCode: error.code,
    errorMessage: error.message,
    accountId: error.accountId ?? null,
  };
}
