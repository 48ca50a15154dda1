import type { OverdueChain } from "@/lib/core/alerts/validation-problems";
import { newestDigestOverdue } from "@/lib/core/integrity/strict-findings";

// The digest-delivery watch: CloudTrail delivers a digest every hour for every chain (account × region) of a trail
// with validation on, so a chain whose newest digest is older than the hour plus the stored run's tolerance, judged
// at the run's `expectedUntil` (digestsExpectedUntil), is late: deleted, StopLogging, or validation switched off.
// The same rule as the stored run's own "newest digest missing" finding (strict-findings.ts), applied to the newest
// digest ever seen for the chain, so the alert can say since when.

export interface ChainNewestDigest {
  accountId: string;
  region: string;
  /** The newest valid digest seen for the chain (this run first, else earlier runs); null when none ever was. */
  newestUri: string | null;
  newestEnd: Date | null;
}

export function overdueChains(chains: ChainNewestDigest[], expectedUntil: Date): OverdueChain[] {
  return chains
    .filter((chain) => newestDigestOverdue(chain.newestEnd?.getTime() ?? null, expectedUntil))
    .map((chain) => ({ accountId: chain.accountId, region: chain.region, lastDigestUri: chain.newestUri, lastDigestEnd: chain.newestEnd, expectedUntil }));
}
