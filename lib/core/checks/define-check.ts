import type { TrailSnapshot } from "@/lib/core/checks/snapshot";
import type { CheckContext, CheckDefinition, CheckResult } from "@/lib/core/checks/types";
import { verdictsFor, type Verdicts } from "@/lib/core/checks/verdicts";

export interface EvaluationInput {
  snapshot: TrailSnapshot;
  context: CheckContext;
  /** Result builders already bound to this check's id. */
  verdict: Verdicts;
}

/** Binds the metadata and the evaluation of one check, handing the evaluation builders that carry the check's id. */
export function defineCheck(
  metadata: Omit<CheckDefinition, "evaluate">,
  evaluate: (input: EvaluationInput) => CheckResult,
): CheckDefinition {
  const verdict = verdictsFor(metadata.id);
  return { ...metadata, evaluate: (snapshot, context) => evaluate({ snapshot, context, verdict }) };
}
