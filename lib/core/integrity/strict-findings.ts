import type { DigestFacts, DigestStore, DigestVisit, WalkTrace } from "@/lib/core/integrity/chain-walk";
import { digestFacts } from "@/lib/core/integrity/chain-walk";
import { decodeDigestFile } from "@/lib/core/integrity/digest-document";
import { digestKeyDateText } from "@/lib/core/integrity/keys";
import { type JsonValue, PyException } from "@/lib/core/integrity/py-compat";
import { comparePyDates, formatDisplayDate, HOUR_MS, instantMs, parsePyDate, type PyDateTime } from "@/lib/core/integrity/py-date";

// What awscli cannot see (DIGESTS.md section 6, "Recommendation for a rigorous validator"), computed from the walk's
// trace after the parity run, so the CLI-visible outcome never depends on it:
//   chain-broken          a digest's previousDigestSignature / previousDigestHashValue is not the real signature /
//                         SHA-256 of the digest it points to, or the two digests overlap in time;
//   digest-missing        a continuous link with a hole between the two digests, a digest covering more than an
//                         hour, or no digest for the newest hour that should have one (given expectedUntil);
//   digest-skipped        a listed digest in the window that the pointer chain never reaches;
//   suspicious-gap        a gap line whose two dates are equal (or reversed): a forged chain start;
//   signature-not-sha256  accepted by python-rsa, but not an RSA/SHA-256 signature (or metadata names another algorithm);
//   digest-trailing-bytes bytes after the digest's gzip member, which awscli ignores;
//   malformed-digest-key  a key matching awscli's filter without a date where the date should be: awscli stops
//                         listing there (hiding every later date folder), or trips over it while looking for the
//                         next older digest.

export type StrictFindingKind =
  | "chain-broken"
  | "digest-missing"
  | "digest-skipped"
  | "suspicious-gap"
  | "signature-not-sha256"
  | "digest-trailing-bytes"
  | "malformed-digest-key"
  /** A digest the strict checks needed (before the window) could not be read: say so, and what failed. */
  | "digest-unreadable";

export interface StrictFinding {
  kind: StrictFindingKind;
  backfill: boolean;
  bucket: string;
  /** The digest the finding is about; null for a digest that does not exist at all. */
  key: string | null;
  detail: string;
}

export interface StrictOptions {
  /**
   * An instant by which CloudTrail must have delivered a digest ending less than an hour (plus tolerance) earlier:
   * set it only when logging and validation were on, and allow for delivery delay (e.g. now minus 30 minutes).
   */
  expectedUntil?: Date;
  /** Slack on the hourly cadence, for delivery jitter. Default 15 minutes. */
  cadenceToleranceMs?: number;
}

export const DEFAULT_CADENCE_TOLERANCE_MS = 15 * 60_000;

/** Time CloudTrail is given to deliver a digest after the hour it ends, before its absence counts. */
export const DIGEST_DELIVERY_DELAY_MS = 30 * 60_000;

/**
 * The `expectedUntil` of a stored run over a window ending at `windowEnd`, judged at `now`: the digest ending at the
 * window's end must exist once CloudTrail had time to deliver it; the strict check wants a digest ending within an
 * hour plus tolerance before `expectedUntil`, hence the window's end plus an hour.
 */
export function digestsExpectedUntil(windowEnd: Date, now: Date): Date {
  return new Date(Math.min(windowEnd.getTime() + HOUR_MS, now.getTime() - DIGEST_DELIVERY_DELAY_MS));
}

/** True when a chain whose newest valid digest ends at `newestEndMs` (null: none at all) is late at `expectedUntil`. */
export function newestDigestOverdue(newestEndMs: number | null, expectedUntil: Date, tolerance = DEFAULT_CADENCE_TOLERANCE_MS): boolean {
  return newestEndMs === null || newestEndMs < expectedUntil.getTime() - HOUR_MS - tolerance;
}

/** `store`, when given, fetches the digest an in-window digest points to outside the window, to check that link. */
export async function findStrictFindings(
  trace: WalkTrace,
  startBucket: string,
  options: StrictOptions = {},
  store?: DigestStore,
): Promise<StrictFinding[]> {
  const tolerance = options.cadenceToleranceMs ?? DEFAULT_CADENCE_TOLERANCE_MS;
  const findings: StrictFinding[] = [];
  const facts = new Map<string, DigestFacts | null>();
  for (const visit of trace.visits) {
    if (!facts.get(visitId(visit))) facts.set(visitId(visit), visit.facts);
  }
  const valid = trace.visits.filter((visit) => visit.outcome === "valid" && visit.facts);
  for (const visit of valid) {
    const add = (kind: StrictFindingKind, detail: string) =>
      findings.push({ kind, backfill: visit.backfill, bucket: visit.bucket, key: visit.key, detail });
    await checkLink(visit, facts, store, add);
    checkCadence(visit.facts!, tolerance, add);
    checkSignature(visit, add);
    if (visit.facts!.trailingBytes > 0) {
      add("digest-trailing-bytes", `${visit.facts!.trailingBytes} bytes after the gzip member`);
    }
  }
  findings.push(...skippedDigests(trace, startBucket));
  findings.push(...suspiciousGaps(trace, startBucket));
  findings.push(...malformedKeys(trace, startBucket));
  if (options.expectedUntil) findings.push(...newestMissing(valid, startBucket, options.expectedUntil, tolerance));
  return findings;
}

function visitId(visit: { backfill: boolean; bucket: string; key: string }): string {
  return JSON.stringify([visit.backfill, visit.bucket, visit.key]);
}

function dateOf(value: JsonValue): PyDateTime | null {
  try {
    return parsePyDate(value);
  } catch (error) {
    if (error instanceof PyException) return null;
    throw error;
  }
}

function durationMinutes(ms: number): string {
  return `${Math.round(ms / 60_000)} min`;
}

async function checkLink(
  visit: DigestVisit,
  facts: Map<string, DigestFacts | null>,
  store: DigestStore | undefined,
  add: (kind: StrictFindingKind, detail: string) => void,
): Promise<void> {
  const { previous } = visit.facts!;
  if (typeof previous.bucket !== "string" || typeof previous.key !== "string") return; // a chain start
  const target = { backfill: visit.backfill, bucket: previous.bucket, key: previous.key };
  // Only a digest the walk never fetched (it lies before the window) costs an extra GET.
  const id = visitId(target);
  const where = `s3://${target.bucket}/${target.key}`;
  let linked: DigestFacts | null;
  try {
    linked = facts.has(id) ? facts.get(id)! : store ? await fetchFacts(store, target) : null;
  } catch (error) {
    // An extra read of ours failing must not cost the run its awscli-identical outcome: it becomes a finding.
    add("digest-unreadable", `could not read ${where} to check the link to it: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!linked) return; // not found: awscli already reports it (inside the window) or cannot tell (outside)
  if (previous.signature !== linked.signature) {
    add("chain-broken", `previousDigestSignature is not the signature of ${where}`);
  }
  if (previous.hashValue !== linked.contentSha256) {
    add("chain-broken", `previousDigestHashValue is not the SHA-256 of ${where}`);
  }
  if (previous.hashAlgorithm !== "SHA-256") {
    add("chain-broken", `previousDigestHashAlgorithm is ${JSON.stringify(previous.hashAlgorithm)}, not "SHA-256"`);
  }
  const start = dateOf(visit.facts!.digestStartTime);
  const olderEnd = dateOf(linked.digestEndTime);
  if (!start || !olderEnd || (start.offsetMs === null) !== (olderEnd.offsetMs === null)) return;
  const order = comparePyDates(olderEnd, start);
  if (order > 0) add("chain-broken", `overlaps ${where}, which ends at ${formatDisplayDate(olderEnd)}`);
  if (order < 0) {
    add("digest-missing", `no digest covers ${formatDisplayDate(olderEnd)} to ${formatDisplayDate(start)} (before it: ${where})`);
  }
}

async function fetchFacts(
  store: DigestStore,
  target: { backfill: boolean; bucket: string; key: string },
): Promise<DigestFacts | null> {
  const object = await store.getDigest(target.bucket, target.key);
  if (object === "not-found") return null;
  const decoded = await decodeDigestFile(object.bytes, object.metadata, target.backfill);
  return decoded.ok ? digestFacts(decoded.file) : null;
}

function checkCadence(facts: DigestFacts, tolerance: number, add: (kind: StrictFindingKind, detail: string) => void) {
  const start = dateOf(facts.digestStartTime);
  const end = dateOf(facts.digestEndTime);
  if (!start || !end) return;
  const span = instantMs(end) - instantMs(start);
  if (span > HOUR_MS + tolerance) {
    add("digest-missing", `covers ${durationMinutes(span)}, more than the hourly cadence: hourly digests are missing`);
  }
  if (span < 0) add("chain-broken", "digestStartTime is after digestEndTime");
}

function checkSignature(visit: DigestVisit, add: (kind: StrictFindingKind, detail: string) => void): void {
  if (visit.strictSignatureOk === false) {
    add("signature-not-sha256", `python-rsa accepted a ${visit.signatureHash ?? "?"} signature; RSA/SHA-256 fails`);
  }
  if (visit.facts!.signatureAlgorithm !== "SHA256withRSA") {
    add("signature-not-sha256", `signature-algorithm metadata is ${JSON.stringify(visit.facts!.signatureAlgorithm)}`);
  }
}

function skippedDigests(trace: WalkTrace, bucket: string): StrictFinding[] {
  const visited = new Set(trace.visits.map(visitId));
  const listed = [
    ...trace.listed.standard.map((key) => ({ backfill: false, bucket, key })),
    ...trace.listed.backfill.map((key) => ({ backfill: true, bucket, key })),
  ];
  return listed
    .filter((digest) => !visited.has(visitId(digest)))
    .map((digest) => ({
      kind: "digest-skipped" as const,
      ...digest,
      detail: "listed in the window but never reached by the chain: neither it nor its log files were checked",
    }));
}

const KEY_DATE = /^\d{8}T\d{6}Z$/;

function malformedKeys(trace: WalkTrace, bucket: string): StrictFinding[] {
  const finding = (key: string, backfill: boolean, detail: string): StrictFinding => ({
    kind: "malformed-digest-key",
    backfill,
    bucket,
    key,
    detail,
  });
  const listed = [
    ...trace.listed.standard.map((key) => ({ key, backfill: false })),
    ...trace.listed.backfill.map((key) => ({ key, backfill: true })),
  ];
  const findings = listed
    .filter(({ key }) => !KEY_DATE.test(digestKeyDateText(key)))
    .map(({ key, backfill }) => finding(key, backfill, "no date where the key's date belongs; awscli misreads the chain"));
  const stop = trace.listingStoppedAt;
  if (stop !== null && !KEY_DATE.test(digestKeyDateText(stop))) {
    findings.push(finding(stop, false, "awscli stops listing at this key: digests in later date folders are never checked"));
  }
  return findings;
}

function suspiciousGaps(trace: WalkTrace, bucket: string): StrictFinding[] {
  return trace.gaps
    .filter((gap) => instantMs(gap.from) >= instantMs(gap.to))
    .map((gap) => ({
      kind: "suspicious-gap" as const,
      backfill: gap.backfill,
      bucket,
      key: gap.newerKey,
      detail: `gap from ${formatDisplayDate(gap.from)} to ${formatDisplayDate(gap.to)}: a chain start inside a continuous chain`,
    }));
}

function newestMissing(
  valid: DigestVisit[],
  bucket: string,
  expectedUntil: Date,
  tolerance: number,
): StrictFinding[] {
  const ends = valid
    .filter((visit) => !visit.backfill)
    .map((visit) => dateOf(visit.facts!.digestEndTime))
    .filter((date): date is PyDateTime => date !== null)
    .map(instantMs);
  const newest = ends.length > 0 ? Math.max(...ends) : null;
  if (!newestDigestOverdue(newest, expectedUntil, tolerance)) return [];
  const since = newest === null ? "no valid digest at all" : `the newest valid digest ends ${new Date(newest).toISOString()}`;
  return [
    {
      kind: "digest-missing",
      backfill: false,
      bucket,
      key: null,
      detail: `${since}; a digest was due by ${expectedUntil.toISOString()}`,
    },
  ];
}
