import { createHash } from "node:crypto";
import {
  checkDigest,
  type DigestAcceptance,
  type DigestFailureReason,
  digestLine,
  type DigestObject,
  PublicKeyRing,
  type PublicKeySource,
} from "@/lib/core/integrity/digest-check";
import { type DigestFile, DigestTooLargeError } from "@/lib/core/integrity/digest-document";
import {
  type DigestScope,
  digestKeyDateText,
  digestKeyPattern,
  digestListPrefix,
  digestStartMarker,
  isBackfillDigestKey,
} from "@/lib/core/integrity/keys";
import { comparePyStrings, type JsonValue, PyException, pyTruthy, pyTypeName } from "@/lib/core/integrity/py-compat";
import {
  addMs,
  comparePyDates,
  formatKeyDate,
  HOUR_MS,
  normalizeDate,
  parsePyDate,
  type PyDateTime,
} from "@/lib/core/integrity/py-date";

// awscli's DigestTraverser (DIGESTS.md section 6), step for step: list once, start at the newest listed digest,
// follow previousDigest pointers, fall back to "the next older listed key" after a missing or invalid digest and
// after a chain start (printing a gap line), then do the same for _backfill digests. The caller receives each
// verdict through `emit`, in awscli's order, and checks a valid digest's log files before the walk goes on.
// Besides, the walker keeps a compact trace of what it saw, from which strict findings are computed afterwards.

export interface DigestStore {
  /** ListObjects (v1) keys under `prefix` strictly after `marker`, ascending, every page. Failures abort. */
  listKeys(bucket: string, prefix: string, marker: string): AsyncIterable<string>;
  /** GetObject: "not-found" for NoSuchKey; any other failure throws and aborts the run (exit 255). */
  getDigest(bucket: string, key: string): Promise<DigestObject | "not-found">;
}

export interface WalkParams {
  scope: DigestScope;
  /** The trail's bucket (or --s3-bucket). */
  bucket: string;
  /** The requested window, normalized as awscli does (wall clock read as UTC). */
  start: PyDateTime;
  end: PyDateTime;
}

export type WalkEvent =
  | {
      kind: "valid";
      backfill: boolean;
      bucket: string;
      key: string;
      accepted: DigestAcceptance;
      /** normalize_date(parse_date(digestStartTime)). */
      startDate: PyDateTime;
    }
  | { kind: "invalid"; backfill: boolean; bucket: string; key: string; reason: DigestFailureReason; message: string }
  /** Continue-on-unreadable walks only: the digest could not be read (denied, too large, retries exhausted). */
  | { kind: "unreadable"; backfill: boolean; bucket: string; key: string; error: string }
  | {
      kind: "gap";
      backfill: boolean;
      /** keyDate of the next older listed digest: "between {from} and {to}". */
      from: PyDateTime;
      /** digestStartTime of the chain-starting digest just validated. */
      to: PyDateTime;
      olderKey: string;
      newerKey: string;
    };

export type WalkSink = (event: WalkEvent) => Promise<void> | void;

/** What strict checks need to know about a digest the walk fetched and decoded. */
export interface DigestFacts {
  signature: string;
  signatureAlgorithm: string;
  contentSha256: string;
  trailingBytes: number;
  digestStartTime: JsonValue;
  digestEndTime: JsonValue;
  previous: {
    bucket: JsonValue;
    key: JsonValue;
    signature: JsonValue;
    hashValue: JsonValue;
    hashAlgorithm: JsonValue;
  };
}

export interface DigestVisit {
  backfill: boolean;
  bucket: string;
  key: string;
  outcome: "valid" | "unreadable" | DigestFailureReason;
  facts: DigestFacts | null;
  /** For valid digests: python-rsa's detected hash, and whether OpenSSL SHA-256 agrees. */
  signatureHash?: string;
  strictSignatureOk?: boolean;
}

export type GapEvent = Extract<WalkEvent, { kind: "gap" }>;

export interface WalkTrace {
  /** The first listing of the trail's bucket, ascending, before the walk consumed it. */
  listed: { standard: readonly string[]; backfill: readonly string[] };
  /** The key at which that listing stopped early (its date text sorts after the window), if any. */
  listingStoppedAt: string | null;
  visits: DigestVisit[];
  gaps: GapEvent[];
}

/** An abort that awscli itself would hit (uncaught exception, exit 255); `message` is what it prints. */
export class WalkAbort extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WalkAbort";
  }
}

type Listing = { standard: string[]; backfill: string[] };
type Next = [key: string | null, endDate: PyDateTime | null];
type Notice =
  | { kind: "gap" }
  | { kind: "missing" }
  | { kind: "invalid"; reason: DigestFailureReason; message: string }
  | { kind: "unreadable"; error: string };

export interface WalkOptions {
  /**
   * TrailProof's stored run: a digest that cannot be read (any GetObject failure but NoSuchKey, or one over the size
   * caps) is reported as `unreadable` and the walk goes on to the next older listed digest, as after an invalid one:
   * its previousDigest pointer was never read. Without it (awscli's command) a failed GetObject aborts the run as it
   * does in awscli, and a digest over the caps is INVALID with the reason.
   */
  continueOnUnreadable?: boolean;
}

type Visit =
  | { kind: "missing" }
  | { kind: "invalid"; reason: DigestFailureReason; message: string }
  | { kind: "unreadable"; error: string }
  | { kind: "valid"; accepted: DigestAcceptance; startDate: PyDateTime };

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function digestFacts(file: DigestFile): DigestFacts {
  const field = (name: string): JsonValue => (Object.hasOwn(file.document, name) ? file.document[name]! : null);
  return {
    signature: file.signature,
    signatureAlgorithm: file.signatureAlgorithm,
    contentSha256: createHash("sha256").update(file.content).digest("hex"),
    trailingBytes: file.trailingBytes,
    digestStartTime: field("digestStartTime"),
    digestEndTime: field("digestEndTime"),
    previous: {
      bucket: field("previousDigestS3Bucket"),
      key: field("previousDigestS3Object"),
      signature: field("previousDigestSignature"),
      hashValue: field("previousDigestHashValue"),
      hashAlgorithm: field("previousDigestHashAlgorithm"),
    },
  };
}

export class ChainWalker {
  readonly trace: WalkTrace = { listed: { standard: [], backfill: [] }, listingStoppedAt: null, visits: [], gaps: [] };
  // awscli caches listings by (bucket, prefix, start, end) and pops from the cached lists themselves.
  private readonly listings = new Map<string, Listing>();
  private readonly pattern: RegExp;

  constructor(
    private readonly params: WalkParams,
    private readonly store: DigestStore,
    private readonly publicKeys: PublicKeySource,
    private readonly emit: WalkSink,
    private readonly options: WalkOptions = {},
  ) {
    this.pattern = digestKeyPattern(params.scope);
  }

  /** traverse_digests(start, end, is_backfill). Throws (abort) where awscli raises out of the command. */
  async traverse(backfill: boolean): Promise<void> {
    const { start, end, bucket } = this.params;
    const digests = await this.loadDigests(bucket, end, backfill);
    const keys = new PublicKeyRing(this.publicKeys);
    if (!backfill) await keys.load(start, addMs(end, 2 * HOUR_MS));
    await this.traverseChain(digests, bucket, keys, backfill);
  }

  private async traverseChain(digests: string[], startBucket: string, keys: PublicKeyRing, backfill: boolean) {
    let bucket = startBucket;
    let list = digests;
    let [key, endDate] = this.lastDigest(list);
    let lastStart = endDate;
    // Digests reached through pointers alone since the last fallback to the listing: a pointer back into this set
    // would make awscli validate the same digests forever. We stop there instead (the one deliberate divergence).
    const pointerRun = new Set<string>();
    while (key && lastStart && comparePyDates(this.params.start, lastStart) <= 0) {
      const currentKey: string = key;
      pointerRun.add(JSON.stringify([bucket, currentKey]));
      const outcome = await this.visit(bucket, currentKey, keys, backfill);
      if (outcome.kind === "missing") {
        pointerRun.clear();
        [key, endDate] = await this.findNext(list, bucket, currentKey, lastStart, backfill, { kind: "missing" });
        continue;
      }
      if (outcome.kind === "invalid" || outcome.kind === "unreadable") {
        pointerRun.clear();
        const notice: Notice =
          outcome.kind === "invalid" ? { kind: "invalid", reason: outcome.reason, message: outcome.message } : { kind: "unreadable", error: outcome.error };
        [key, endDate] = await this.findNext(list, bucket, currentKey, lastStart, backfill, notice);
        continue;
      }
      endDate = outcome.accepted.endDate;
      lastStart = outcome.startDate;
      const previous = outcome.accepted.file.document;
      const previousBucket = previous["previousDigestS3Bucket"] ?? null;
      const previousKey = previous["previousDigestS3Object"] ?? null;
      const chainGoesOn = typeof previousBucket === "string" && typeof previousKey === "string" && pyTruthy(previousKey);
      if (chainGoesOn && comparePyDates(this.params.start, lastStart) <= 0) this.prefetch(previousBucket, previousKey);
      await this.emit({ ...outcome, backfill, bucket, key: currentKey });
      if (previousBucket === null || previousKey === null) {
        pointerRun.clear();
        try {
          [key, endDate] = await this.findNext(list, bucket, currentKey, lastStart, backfill, { kind: "gap" });
        } catch (error) {
          // Raised inside awscli's try block, so it becomes an INVALID line for the digest just accepted.
          if (!(error instanceof PyException)) throw error;
          const message = digestLine(bucket, currentKey, `INVALID: ${error.message}`);
          [key, endDate] = await this.findNext(list, bucket, currentKey, lastStart, backfill, {
            kind: "invalid",
            reason: "error",
            message,
          });
        }
        continue;
      }
      if (typeof previousBucket !== "string" || typeof previousKey !== "string") {
        if (previousBucket === bucket && !pyTruthy(previousKey)) break; // `while key` ends awscli's walk
        // awscli hands such a value to botocore, prints its parameter error, then crashes on key.endswith().
        // We stop at the crash (without the botocore line before it).
        const odd = typeof previousKey !== "string" ? previousKey : previousBucket;
        throw new WalkAbort(`'${pyTypeName(odd)}' object has no attribute 'endswith'`);
      }
      if (pointerRun.has(JSON.stringify([previousBucket, previousKey]))) {
        throw new WalkAbort(
          `Digest chain cycle: s3://${bucket}/${currentKey} points back to s3://${previousBucket}/${previousKey}, ` +
            "which this chain already validated (awscli would repeat them forever)",
        );
      }
      key = previousKey;
      if (previousBucket !== bucket) {
        bucket = previousBucket;
        list = await this.loadDigests(bucket, endDate, backfill); // a different bucket: list it afresh
      }
    }
  }

  /** Fetch and validate one digest, classifying like awscli's except clauses. */
  // The digest a valid digest points to is requested before that digest's log files are checked, so its round trip
  // overlaps their hashing. It is awaited where awscli fetches it, so output and aborts keep awscli's order.
  private readonly prefetched = new Map<string, Promise<DigestObject | "not-found">>();

  private prefetch(bucket: string, key: string): void {
    const id = JSON.stringify([bucket, key]);
    if (this.prefetched.has(id)) return;
    const fetching = this.store.getDigest(bucket, key);
    fetching.catch(() => undefined); // surfaced when awaited in fetchDigest, not as an unhandled rejection
    this.prefetched.set(id, fetching);
  }

  private fetchDigest(bucket: string, key: string): Promise<DigestObject | "not-found"> {
    const id = JSON.stringify([bucket, key]);
    const fetching = this.prefetched.get(id);
    this.prefetched.delete(id);
    return fetching ?? this.store.getDigest(bucket, key);
  }

  private async visit(bucket: string, key: string, keys: PublicKeyRing, backfill: boolean): Promise<Visit> {
    let object: DigestObject | "not-found";
    try {
      object = await this.fetchDigest(bucket, key);
    } catch (error) {
      return this.unreadable(bucket, key, backfill, error);
    }
    if (object === "not-found") {
      this.record({ backfill, bucket, key, outcome: "not-found", facts: null });
      return { kind: "missing" };
    }
    let checked;
    try {
      checked = await checkDigest({ bucket, key, backfill, keys, homeRegion: this.params.scope.homeRegion }, object);
    } catch (error) {
      if (!(error instanceof DigestTooLargeError)) throw error; // e.g. ListPublicKeys failing: aborts, as in awscli
      return this.unreadable(bucket, key, backfill, error);
    }
    if (!checked.ok) {
      this.record({ backfill, bucket, key, outcome: checked.reason, facts: checked.file ? digestFacts(checked.file) : null });
      return { kind: "invalid", reason: checked.reason, message: checked.message };
    }
    const facts = digestFacts(checked.file);
    try {
      const startDate = normalizeDate(parsePyDate(checked.file.document["digestStartTime"] ?? null));
      this.record({
        backfill,
        bucket,
        key,
        outcome: "valid",
        facts,
        signatureHash: checked.signatureHash,
        strictSignatureOk: checked.strictSignatureOk,
      });
      return { kind: "valid", accepted: checked, startDate };
    } catch (error) {
      if (!(error instanceof PyException)) throw error;
      this.record({ backfill, bucket, key, outcome: "error", facts });
      return { kind: "invalid", reason: "error", message: digestLine(bucket, key, `INVALID: ${error.message}`) };
    }
  }

  /** A digest whose GET failed (not NoSuchKey) or that is over the size caps. */
  private unreadable(bucket: string, key: string, backfill: boolean, error: unknown): Visit {
    if (this.options.continueOnUnreadable) {
      this.record({ backfill, bucket, key, outcome: "unreadable", facts: null });
      return { kind: "unreadable", error: errorText(error) };
    }
    if (!(error instanceof DigestTooLargeError)) throw error; // awscli's uncaught ClientError: exit 255
    // awscli would download and inflate it whatever its size; we refuse and say so, as an INVALID digest.
    this.record({ backfill, bucket, key, outcome: "error", facts: null });
    return { kind: "invalid", reason: "error", message: digestLine(bucket, key, `INVALID: ${error.message}`) };
  }

  private record(visit: DigestVisit): void {
    this.trace.visits.push(visit);
  }

  /** _find_next_digest: pick the next older listed key first, then notify (a gap only when one exists). */
  private async findNext(
    list: string[],
    bucket: string,
    lastKey: string,
    lastStart: PyDateTime,
    backfill: boolean,
    notice: Notice,
  ): Promise<Next> {
    const [nextKey, nextEnd] = this.lastDigest(list, lastKey);
    if (notice.kind === "gap") {
      if (nextKey !== null && nextEnd !== null) {
        const gap: GapEvent = { kind: "gap", backfill, from: nextEnd, to: lastStart, olderKey: nextKey, newerKey: lastKey };
        this.trace.gaps.push(gap);
        await this.emit(gap);
      }
    } else if (notice.kind === "unreadable") {
      await this.emit({ kind: "unreadable", backfill, bucket, key: lastKey, error: notice.error });
    } else if (notice.kind === "missing") {
      const message = digestLine(bucket, lastKey, "INVALID: not found");
      await this.emit({ kind: "invalid", backfill, bucket, key: lastKey, reason: "not-found", message });
    } else {
      await this.emit({ kind: "invalid", backfill, bucket, key: lastKey, reason: notice.reason, message: notice.message });
    }
    return [nextKey, nextEnd];
  }

  /** _get_last_digest: pop the newest key, or pop until one is strictly older than `beforeKey`. */
  private lastDigest(list: string[], beforeKey?: string): Next {
    if (list.length === 0) return [null, null];
    if (beforeKey === undefined) {
      const key = list.pop()!;
      return [key, normalizeDate(parsePyDate(digestKeyDateText(key)))];
    }
    const beforeDate = parsePyDate(digestKeyDateText(beforeKey)); // not normalized, as in awscli
    while (list.length > 0) {
      const key = list.pop()!;
      const date = normalizeDate(parsePyDate(digestKeyDateText(key)));
      if (comparePyDates(date, beforeDate) < 0) return [key, date];
    }
    return [null, null];
  }

  private async loadDigests(bucket: string, end: PyDateTime, backfill: boolean): Promise<string[]> {
    const { scope, start } = this.params;
    const cacheKey = JSON.stringify([bucket, scope.prefix, start.wallMs, end.wallMs]);
    let listing = this.listings.get(cacheKey);
    if (!listing) {
      const first = this.listings.size === 0;
      listing = await this.listDigestKeys(bucket, end, first);
      this.listings.set(cacheKey, listing);
      if (first) this.trace.listed = { standard: [...listing.standard], backfill: [...listing.backfill] };
    }
    return backfill ? listing.backfill : listing.standard;
  }

  /** load_all_digest_keys_in_range: one paginated listing, filtered by regex and by the key's date text. */
  private async listDigestKeys(bucket: string, end: PyDateTime, first: boolean): Promise<Listing> {
    const { scope, start } = this.params;
    const listing: Listing = { standard: [], backfill: [] };
    const targetStart = formatKeyDate(normalizeDate(start));
    const targetEnd = formatKeyDate(normalizeDate(addMs(end, HOUR_MS)));
    for await (const key of this.store.listKeys(bucket, digestListPrefix(scope), digestStartMarker(scope, start))) {
      if (!key || !this.pattern.test(key)) continue;
      const date = digestKeyDateText(key);
      if (comparePyStrings(date, targetEnd) > 0) {
        if (first) this.trace.listingStoppedAt = key;
        break; // keys are sorted, so awscli assumes nothing later can be in range
      }
      if (comparePyStrings(date, targetStart) < 0) continue;
      (isBackfillDigestKey(key) ? listing.backfill : listing.standard).push(key);
    }
    return listing;
  }
}
