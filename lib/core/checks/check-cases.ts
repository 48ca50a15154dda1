import { describe, expect, test } from "vitest";
import type { TrailSnapshot } from "@/lib/core/checks/snapshot";
import { NOW } from "@/lib/core/checks/snapshot-fixtures";
import type { CheckDefinition, CheckStatus, Evidence } from "@/lib/core/checks/types";

// The shape of every check's test table, so each test file is only its rows.

export interface CheckCase {
  label: string;
  snapshot: TrailSnapshot;
  status: CheckStatus;
  /** A fragment (or pattern) the reason must contain. */
  reason?: string | RegExp;
  /** Fields the evidence must contain (a subset match). */
  evidence?: Evidence;
  now?: Date;
}

export function describeCheck(check: CheckDefinition, cases: CheckCase[]): void {
  describe(check.id, () => {
    test.each(cases)("$label → $status", ({ snapshot, status, reason, evidence, now }) => {
      const result = check.evaluate(snapshot, { now: now ?? NOW });
      expect(result).toMatchObject({ checkId: check.id, status });
      expect(result.reason).toMatch(/^[A-Z]/);
      if (reason !== undefined) expect(result.reason).toMatch(reason);
      if (evidence !== undefined) expect(result.evidence).toMatchObject(evidence);
    });
  });
}
