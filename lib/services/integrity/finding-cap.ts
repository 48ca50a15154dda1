import type { FindingRow } from "@/lib/db/validations-repository";

// Whoever can write to a log bucket can plant a million junk keys, each an unreferenced log file or an unexpected
// folder: stored and rendered one by one they would fill the database and the evidence PDF. Past a cap per kind, one
// finding says how many more there are, so the counts stay exact and the listing stays bounded.

export const FINDINGS_PER_KIND = 1_000;

export function capFindings(findings: FindingRow[], cap = FINDINGS_PER_KIND): FindingRow[] {
  const kept: FindingRow[] = [];
  const beyond = new Map<string, { first: FindingRow; count: number }>();
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const key = `${finding.accountId} ${finding.region} ${finding.kind}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n <= cap) kept.push(finding);
    else beyond.set(key, { first: beyond.get(key)?.first ?? finding, count: (beyond.get(key)?.count ?? 0) + 1 });
  }
  for (const [, { first, count }] of beyond) {
    kept.push({
      accountId: first.accountId,
      region: first.region,
      kind: first.kind,
      s3Uri: null,
      message: `${count} more ${first.kind} findings like the ${cap} above in this chain, not listed one by one (${cap + count} in all)`,
      evidence: { notListed: count, listed: cap, total: cap + count },
    });
  }
  return kept;
}
