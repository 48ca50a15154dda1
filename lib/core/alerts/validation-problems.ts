import type { Severity } from "@/lib/core/checks/types";
import { EMPTY_LINKS, type KnownAlert, type Problem, type Sighting } from "@/lib/core/alerts/problem";
import { keyTimeOrNull } from "@/lib/core/integrity/keys";

// What one stored validation run found, as problems, and which alerts it could have found again. A run looks at one
// trail's chains (account × region) over a window: an alert about a file is seen again only by a run that examined
// that file (a run of the last 25 hours never re-examines a file from three days ago); an alert about a chain only by
// a run that walked that chain to its end, within the window when the problem has a time. A run that failed sees
// nothing again.

export interface BadVerdict {
  id: bigint;
  accountId: string;
  region: string;
  kind: "digest" | "log";
  status: "invalid" | "missing" | "unreadable";
  reason: string | null;
  s3Bucket: string;
  s3Key: string;
  fileTime: Date;
}

/** A stored integrity finding's own fields: what a run found, where, and from when (the rules', the reports'). */
export interface FindingFields {
  accountId: string;
  region: string;
  kind: string;
  s3Uri: string | null;
  message: string;
  fromTime: Date | null;
}

export interface RunFinding extends FindingFields {
  id: bigint;
}

/** A chain whose newest digest is past its delivery deadline (digest-watch.ts). */
export interface OverdueChain {
  accountId: string;
  region: string;
  /** The newest valid digest seen for the chain, by this run or an earlier one; null when none ever was. */
  lastDigestUri: string | null;
  lastDigestEnd: Date | null;
  expectedUntil: Date;
}

export interface ValidationFacts {
  trailArn: string;
  run: { status: string; windowStart: Date; windowEnd: Date };
  badVerdicts: BadVerdict[];
  findings: RunFinding[];
  overdue: OverdueChain[];
  /** Chains ("account|region") the run walked to the end: verdicts stored and not aborted. */
  walkedChains: Set<string>;
  /** Of the files known alerts name, those this run examined (s3:// URIs). */
  examinedUris: Set<string>;
}

const FILE_PROBLEMS: Record<BadVerdict["status"], { kind: string; severity: Severity; word: string }> = {
  invalid: { kind: "file-invalid", severity: "critical", word: "INVALID" },
  missing: { kind: "file-missing", severity: "high", word: "Missing" },
  unreadable: { kind: "file-unreadable", severity: "medium", word: "Unreadable" },
};

/** Finding kinds that become alerts, with their severity; others are said elsewhere (see SAID_ELSEWHERE). */
export const FINDING_SEVERITY: Record<string, Severity> = {
  "chain-broken": "critical",
  "digest-skipped": "high",
  "log-unreferenced": "high",
  "log-trailing-data": "high",
  "chain-missing": "high",
  "unexpected-prefix": "medium",
  "listing-capped": "medium",
  gap: "medium",
  "digest-missing": "high",
  "suspicious-gap": "high",
  "signature-not-sha256": "high",
  "digest-trailing-bytes": "medium",
  "malformed-digest-key": "high",
  "digest-unreadable": "medium",
};

const FINDING_TITLES: Record<string, string> = {
  "chain-broken": "Digest chain broken",
  "digest-skipped": "Digest skipped by the chain",
  "log-unreferenced": "Log file no digest vouches for",
  "log-trailing-data": "Data appended to a log file",
  "chain-missing": "Chain missing: no digest in the window",
  "unexpected-prefix": "Unexpected folder in the trail's bucket",
  "listing-capped": "Too many objects in a chain's folders",
  gap: "Gap in log delivery",
  "digest-missing": "Digest missing inside the chain",
  "suspicious-gap": "Forged chain start",
  "signature-not-sha256": "Digest signature is not RSA/SHA-256",
  "digest-trailing-bytes": "Data appended to a digest",
  "malformed-digest-key": "Malformed digest key",
  "digest-unreadable": "Digest could not be read",
};

/**
 * Findings said by another alert: `unreadable` by the file's own verdict, `aborted` is the run unable to look (it
 * keeps the chain from resolving anything), and the newest digest missing (`digest-missing` without a key) is the
 * digest-overdue alert of the watch, so the one problem is one alert.
 */
function saidElsewhere(finding: RunFinding): boolean {
  return finding.kind === "unreadable" || finding.kind === "aborted" || (finding.kind === "digest-missing" && finding.s3Uri === null);
}

export const FILE_KINDS = new Set(Object.values(FILE_PROBLEMS).map((p) => p.kind));

export function chainId(accountId: string | null, region: string | null): string {
  return `${accountId ?? ""}|${region ?? ""}`;
}

function fileProblem(trailArn: string, verdict: BadVerdict): Problem {
  const what = FILE_PROBLEMS[verdict.status];
  const s3Uri = `s3://${verdict.s3Bucket}/${verdict.s3Key}`;
  return {
    key: `${what.kind}|${s3Uri}`,
    kind: what.kind,
    severity: what.severity,
    title: `${what.word} ${verdict.kind === "log" ? "log file" : "digest"} ${verdict.s3Key.split("/").at(-1)}`,
    reason: verdict.reason ?? what.word.toLowerCase(),
    accountId: verdict.accountId,
    region: verdict.region,
    trailArn,
    s3Uri,
    objectTime: verdict.fileTime,
    ...EMPTY_LINKS,
    fileVerdictId: verdict.id,
  };
}

/** The time a finding is about: its own start, else the time in its object's name; null for a whole chain. */
function findingTime(finding: RunFinding): Date | null {
  // A chain missing is about the chain as the run's window saw it, whichever window.
  if (finding.kind === "chain-missing" || finding.kind === "unexpected-prefix") return null;
  if (finding.fromTime) return finding.fromTime;
  if (!finding.s3Uri) return null;
  return keyTimeOrNull(finding.s3Uri, finding.s3Uri.includes("/CloudTrail-Digest/") ? "digest" : "log");
}

function findingProblem(trailArn: string, finding: RunFinding): Problem {
  const objectTime = findingTime(finding);
  const where = finding.s3Uri ?? `${finding.accountId} ${finding.region}${finding.fromTime ? ` ${finding.fromTime.toISOString()}` : ""}`;
  return {
    key: `${finding.kind}|${trailArn}|${chainId(finding.accountId, finding.region)}|${where}`,
    kind: finding.kind,
    severity: FINDING_SEVERITY[finding.kind] ?? "medium",
    title: FINDING_TITLES[finding.kind] ?? finding.kind,
    reason: finding.message,
    accountId: finding.accountId,
    region: finding.region,
    trailArn,
    s3Uri: finding.s3Uri,
    objectTime,
    ...EMPTY_LINKS,
    findingId: finding.id,
  };
}

function overdueProblem(trailArn: string, chain: OverdueChain): Problem {
  const since = chain.lastDigestEnd ? `the last digest seen ends ${chain.lastDigestEnd.toISOString()} (${chain.lastDigestUri})` : "no digest was ever seen";
  return {
    key: `digest-overdue|${trailArn}|${chainId(chain.accountId, chain.region)}`,
    kind: "digest-overdue",
    severity: "high",
    title: `Digest overdue for ${chain.accountId} ${chain.region}`,
    reason: `${since}; CloudTrail delivers one every hour, and one was due by ${chain.expectedUntil.toISOString()}`,
    accountId: chain.accountId,
    region: chain.region,
    trailArn,
    s3Uri: chain.lastDigestUri,
    objectTime: chain.lastDigestEnd,
    ...EMPTY_LINKS,
  };
}

export function validationSighting(facts: ValidationFacts): Sighting {
  const { trailArn, run } = facts;
  const problems = [
    ...facts.badVerdicts.map((verdict) => fileProblem(trailArn, verdict)),
    ...facts.findings.filter((finding) => !saidElsewhere(finding) && finding.kind in FINDING_SEVERITY).map((finding) => findingProblem(trailArn, finding)),
    ...facts.overdue.map((chain) => overdueProblem(trailArn, chain)),
  ];
  const inWindow = (time: Date | null) => time === null || (time >= run.windowStart && time <= run.windowEnd);
  const couldSee = (alert: KnownAlert): boolean => {
    if (run.status === "failed" || alert.runKind !== "validation" || alert.trailArn !== trailArn) return false;
    if (FILE_KINDS.has(alert.kind)) return alert.s3Uri !== null && facts.examinedUris.has(alert.s3Uri);
    // Found by planning the run, which lists the trail's whole part of the bucket, not by walking a chain.
    if (alert.kind === "unexpected-prefix") return true;
    if (!facts.walkedChains.has(chainId(alert.accountId, alert.region))) return false;
    // The watch judges the chain's newest digest, whatever the window.
    return alert.kind === "digest-overdue" || inWindow(alert.objectTime);
  };
  return { problems, couldSee };
}
