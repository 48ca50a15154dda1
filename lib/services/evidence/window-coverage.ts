// Which part of a window the validation runs of a trail covered, and in words what they did not. Pure: the
// database reads are in lib/db/window-integrity-repository.ts.
//
// A chain is one account and region of a trail (one digest chain). It is covered over the union of the windows of
// the finished runs that examined it; what a trail should log (expected chains) comes from the scan: an organization
// trail's member accounts, a multi-region trail's enabled regions. "Every file is valid" may only be said when every
// expected chain is covered over the whole window.

export interface Span {
  from: Date;
  to: Date;
}

export interface Chain {
  accountId: string;
  region: string;
}

/** One run's window over one chain it examined. */
export type CoveredSpan = Chain & Span;

import type { ExpectedAccount } from "@/lib/core/integrity/chain-plan";
export type { ExpectedAccount };

export interface WindowCoverage {
  /** Accounts whose regions no scan recorded: only the regions the runs found are judged for them. */
  regionsUnknownFor: string[];
  /** Expected accounts no run examined at all, in any region. */
  accountsNotCovered: string[];
  /** Expected chains of otherwise covered accounts that no run examined. */
  regionsNotCovered: Chain[];
  /** Parts of the window that chains examined by some run still lack. */
  periodsNotCovered: (Chain & Span)[];
  /** True only when every expected chain is covered over the whole window (and the expected chains are known). */
  complete: boolean;
}

const byChain = (a: Chain, b: Chain) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region);

/** The parts of `window` that none of `spans` covers, in time order. */
export function uncoveredParts(window: Span, spans: Span[]): Span[] {
  const clipped = spans
    .map((s) => ({ from: Math.max(s.from.getTime(), window.from.getTime()), to: Math.min(s.to.getTime(), window.to.getTime()) }))
    .filter((s) => s.from < s.to)
    .sort((a, b) => a.from - b.from);
  const gaps: Span[] = [];
  let cursor = window.from.getTime();
  for (const span of clipped) {
    if (span.from > cursor) gaps.push({ from: new Date(cursor), to: new Date(span.from) });
    cursor = Math.max(cursor, span.to);
  }
  if (cursor < window.to.getTime()) gaps.push({ from: new Date(cursor), to: window.to });
  return gaps;
}

export function judgeCoverage(window: Span, expected: ExpectedAccount[], covered: CoveredSpan[]): WindowCoverage {
  const spansOf = new Map<string, Span[]>();
  for (const span of covered) {
    const key = `${span.accountId} ${span.region}`;
    spansOf.set(key, [...(spansOf.get(key) ?? []), span]);
  }
  const coverage: WindowCoverage = { regionsUnknownFor: [], accountsNotCovered: [], regionsNotCovered: [], periodsNotCovered: [], complete: false };
  for (const account of [...expected].sort((a, b) => a.accountId.localeCompare(b.accountId))) {
    const seen = [...new Set(covered.filter((s) => s.accountId === account.accountId).map((s) => s.region))];
    if (seen.length === 0) {
      coverage.accountsNotCovered.push(account.accountId);
      continue;
    }
    if (!account.regions) coverage.regionsUnknownFor.push(account.accountId);
    const regions = [...new Set(account.regions ?? seen)].sort();
    for (const region of regions) {
      const spans = spansOf.get(`${account.accountId} ${region}`);
      if (!spans) {
        coverage.regionsNotCovered.push({ accountId: account.accountId, region });
        continue;
      }
      for (const gap of uncoveredParts(window, spans)) coverage.periodsNotCovered.push({ accountId: account.accountId, region, ...gap });
    }
  }
  coverage.regionsNotCovered.sort(byChain);
  coverage.complete =
    expected.length > 0 && coverage.regionsUnknownFor.length === 0 && coverage.accountsNotCovered.length === 0 && coverage.regionsNotCovered.length === 0 && coverage.periodsNotCovered.length === 0;
  return coverage;
}

const isoSecond = (date: Date) => date.toISOString().slice(0, 19).replace("T", " ");
const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** The UTC days a span touches, "2026-11-01" or "2026-11-01 to 2026-11-29" (its end is exclusive). */
export function spanDays(span: Span): string {
  const first = utcDay(span.from);
  const last = utcDay(new Date(span.to.getTime() - 1));
  return first === last ? first : `${first} to ${last}`;
}

/**
 * What no run covered, one plain sentence per kind of gap; empty when the coverage is complete. Pages and reports
 * print these instead of "every file is valid" whenever they are not empty.
 */
export function coverageGaps(coverage: WindowCoverage, expectedCount: number): string[] {
  if (coverage.complete) return [];
  const sentences: string[] = [];
  if (expectedCount === 0) sentences.push("TrailProof does not know which accounts this trail should log (no scan recorded the trail's account): nothing can be judged complete.");
  if (coverage.accountsNotCovered.length > 0) {
    sentences.push(`No validation run covered account${coverage.accountsNotCovered.length === 1 ? "" : "s"} ${coverage.accountsNotCovered.join(", ")} in this window, in any region.`);
  }
  if (coverage.regionsNotCovered.length > 0) {
    sentences.push(`No validation run covered these regions in this window: ${coverage.regionsNotCovered.map((c) => `${c.region} of account ${c.accountId}`).join(", ")}.`);
  }
  if (coverage.periodsNotCovered.length > 0) {
    // Chains usually miss the same periods (one run covered them all): each period once, with the chains missing it.
    const chainsOf = new Map<string, { span: Span; chains: string[] }>();
    for (const p of coverage.periodsNotCovered) {
      const key = `${p.from.toISOString()} ${p.to.toISOString()}`;
      const entry = chainsOf.get(key) ?? { span: { from: p.from, to: p.to }, chains: [] };
      entry.chains.push(`account ${p.accountId} ${p.region}`);
      chainsOf.set(key, entry);
    }
    const periods = [...chainsOf.values()]
      .sort((a, b) => a.span.from.getTime() - b.span.from.getTime() || a.span.to.getTime() - b.span.to.getTime())
      .map(({ span, chains }) => `UTC day${spanDays(span).includes(" to ") ? "s" : ""} ${spanDays(span)} (${isoSecond(span.from)} to ${isoSecond(span.to)} UTC) for ${chains.join(", ")}`);
    sentences.push(`No validation run covered these parts of the window: ${periods.join("; ")}.`);
  }
  if (coverage.regionsUnknownFor.length > 0) {
    sentences.push(`No scan recorded the regions of account${coverage.regionsUnknownFor.length === 1 ? "" : "s"} ${coverage.regionsUnknownFor.join(", ")}: only the regions the runs found are judged, so a region with no files at all would not show. Scan again to record them.`);
  }
  return sentences;
}
