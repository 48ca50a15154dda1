import { LISTED_KEYS_CAP } from "@/lib/aws/trail-files";
import type { PlannedChain } from "@/lib/core/integrity/chain-plan";
import type { StrictFinding } from "@/lib/core/integrity/strict-findings";
import { listedInWindow } from "@/lib/core/integrity/window-keys";
import type { FindingRow } from "@/lib/db/validations-repository";
import { unreadableFindings, type UnreadableFile } from "@/lib/services/integrity/unreadable-findings";

// What one chain's walk found beyond the verdicts on its files, as the findings a stored run records for it. Pure:
// the walk (stored-chain.ts) gathers the facts, this decides what they mean.

export interface ChainGap {
  from: Date;
  to: Date;
  message: string;
}

export interface ChainWalkFacts {
  chain: PlannedChain;
  bucket: string;
  accountRoot: string;
  windowStart: Date;
  windowEnd: Date;
  /** The trail logs with log file validation on, per the latest scan: a chain with no digest at all is then missing. */
  owesDigests: boolean;
  digestsSeen: number;
  /** Why the walk stopped early (the AWS CLI's abort), or null. */
  aborted: string | null;
  strictFindings: StrictFinding[];
  gaps: ChainGap[];
  unreadable: UnreadableFile[];
  /** Log files in the chain's folders for the window, as listed (up to the listing's cap). */
  listedLogs: Iterable<string>;
  /** Objects past the listing's cap, counted only. */
  listingOverflow: number;
  /** Log files a valid digest lists (or an unreadable one that a valid digest lists). */
  referenced: ReadonlySet<string>;
}

export function chainFindings(facts: ChainWalkFacts): FindingRow[] {
  const { chain, bucket } = facts;
  const at = { accountId: chain.accountId, region: chain.region };
  return [
    // A chain that should exist and has no digest at all in the window, while the trail logs: its folders were
    // deleted (or never delivered). The AWS CLI, which lists what is there, cannot see this.
    ...(facts.digestsSeen === 0 && !facts.aborted && facts.owesDigests
      ? [{ ...at, kind: "chain-missing", s3Uri: `s3://${bucket}/${facts.accountRoot}${chain.accountId}/CloudTrail-Digest/${chain.region}/`, message: "no digest in the window for a chain the trail should deliver while it logs: its files were deleted or never delivered", fromTime: facts.windowStart, toTime: facts.windowEnd }]
      : []),
    ...facts.strictFindings.map((f) => ({ ...at, kind: f.kind, s3Uri: f.key ? `s3://${f.bucket}/${f.key}` : null, message: f.detail })),
    ...facts.gaps.map((gap) => ({ ...at, kind: "gap", message: gap.message, fromTime: gap.from, toTime: gap.to })),
    ...(facts.aborted ? [{ ...at, kind: "aborted", message: facts.aborted }] : []),
    // One finding per chain and KMS key its reader may not use (with the key-policy statement to add); one per other file.
    ...unreadableFindings(facts.unreadable, { ...at, bucket, from: facts.windowStart, to: facts.windowEnd }),
    // Past the listing's cap, objects are only counted: more than CloudTrail delivers for one chain and window.
    ...(facts.listingOverflow > 0
      ? [{ ...at, kind: "listing-capped", s3Uri: null, message: `${facts.listingOverflow} more objects in this chain's log folders beyond the first ${LISTED_KEYS_CAP.toLocaleString("en-US")} were counted, not examined one by one: no chain holds this many log files in a window`, evidence: { kept: LISTED_KEYS_CAP, notKept: facts.listingOverflow } }]
      : []),
    // Log files in the window that no valid digest vouches for: added, or dropped from a re-signed digest, or listed
    // only by a digest that is invalid or that the chain skips. Not judged when the walk stopped early.
    ...(facts.aborted
      ? []
      : [...facts.listedLogs]
          .filter((key) => !facts.referenced.has(key) && listedInWindow(key, facts.windowStart, facts.windowEnd))
          .map((key) => ({ ...at, kind: "log-unreferenced", s3Uri: `s3://${bucket}/${key}`, message: "no valid digest in the window lists this log file, so nothing proves it is what CloudTrail delivered" }))),
  ];
}
