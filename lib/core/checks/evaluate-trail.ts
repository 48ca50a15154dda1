import type { TrailSnapshot } from "@/lib/core/checks/snapshot";
import { CHECKS } from "@/lib/core/checks/registry";
import type { CheckContext, CheckDefinition, CheckResult } from "@/lib/core/checks/types";
import { verdictsFor } from "@/lib/core/checks/verdicts";

/**
 * Every check on one trail, in registry order. A check that throws (a snapshot shape it did not expect) becomes an
 * error result for that check alone, so one bug never aborts the scan of an account. The snapshot is evaluated the
 * same way whichever region or member account it was seen from: dedup by trail ARN happens before this.
 */
export function evaluateTrail(
  snapshot: TrailSnapshot,
  context: CheckContext,
  checks: readonly CheckDefinition[] = CHECKS,
): CheckResult[] {
  return checks.map((check) => {
    try {
      return check.evaluate(snapshot, context);
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      return verdictsFor(check.id).error(`Check ${check.id} failed unexpectedly on trail ${snapshot.arn}: ${message}`, {
        exception: message,
      });
    }
  });
}
