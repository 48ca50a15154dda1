import { ChainWalker, type DigestStore, type WalkEvent, type WalkTrace } from "@/lib/core/integrity/chain-walk";
import { digestLine, type PublicKeySource } from "@/lib/core/integrity/digest-check";
import type { JsonObject } from "@/lib/core/integrity/digest-document";
import type { DigestScope } from "@/lib/core/integrity/keys";
import { checkLogEntry, type LogCheck, type LogSource, type LogVerdict, logFileEntries } from "@/lib/core/integrity/log-check";
import type { LogHashOptions } from "@/lib/core/integrity/log-hash";
import { mapInOrder } from "@/lib/core/integrity/ordered-pool";
import { hasKey, type JsonValue, keyError, PyException, pyStr } from "@/lib/core/integrity/py-compat";
import { comparePyDates, formatDisplayDate, parsePyDate, type PyDateTime } from "@/lib/core/integrity/py-date";
import {
  BACKFILL_PREFIX,
  CliReport,
  emptyCounts,
  exitCodeFor,
  type FoundRange,
  type OutputChunk,
  type ValidationCounts,
} from "@/lib/core/integrity/report";
import { findStrictFindings, type StrictFinding, type StrictOptions } from "@/lib/core/integrity/strict-findings";

// One validate-logs run, as CloudTrailValidateLogs._call does it once the trail is resolved: header, standard walk,
// backfill walk, summary; each valid digest's log files checked in order before the walk continues. The parity
// outcome (text and exit code) is complete before strict findings are computed from the walk's trace.

export interface ValidateLogsRequest {
  trailArn: string;
  scope: DigestScope;
  bucket: string;
  /** The window as awscli holds it after normalize_date (wall clock read as UTC). */
  start: PyDateTime;
  end: PyDateTime;
  verbose: boolean;
}

export interface ValidateLogsDeps {
  digests: DigestStore;
  publicKeys: PublicKeySource;
  logs: LogSource;
}

export type ValidateLogsOptions = LogHashOptions &
  StrictOptions & {
    /** Log files of one digest fetched and hashed at once; results are still reported in order. Default 1. */
    logConcurrency?: number;
    /**
     * Called with each verdict as the walk reaches it (a digest, a gap, a log file), so a caller can store results
     * and show progress while the run goes on. Awaited: slow storage slows the walk rather than losing verdicts.
     */
    onVerdict?: (verdict: RunVerdict) => Promise<void> | void;
    /**
     * TrailProof's stored run, not awscli's command: an object that cannot be read (a digest or log file whose GET is
     * denied or fails after the SDK's retries, a digest over the size caps) becomes an `unreadable` verdict and the
     * walk goes on, where awscli aborts the whole run (exit 255). Unreadable files count as invalid in the summary.
     */
    continueOnUnreadable?: boolean;
  };

export interface LogRecord {
  /** The digest that lists it. */
  digest: { bucket: string; key: string; backfill: boolean };
  bucket: JsonValue;
  key: JsonValue;
  parity: LogVerdict;
  strict: LogVerdict;
  note: string | null;
  /** The hashValue its digest lists for it (null when not a string). */
  expectedHash: string | null;
  sha256: string | null;
}

/** A log file whose GET failed (continueOnUnreadable only): nothing is known of its content. */
export interface UnreadableLogRecord {
  digest: LogRecord["digest"];
  bucket: string;
  key: string;
  expectedHash: string | null;
  error: string;
}

export type RunVerdict =
  | { kind: "digest"; event: WalkEvent }
  | { kind: "log"; log: LogRecord }
  | { kind: "unreadable-log"; log: UnreadableLogRecord };

export interface ValidateLogsResult {
  /** stdout/stderr writes in order: replay them for byte-exact awscli output. */
  output: OutputChunk[];
  exitCode: 0 | 1 | 255;
  /** str(exception) awscli would print before exiting 255; null when the run completed. */
  aborted: string | null;
  counts: ValidationCounts;
  logs: LogRecord[];
  trace: WalkTrace;
  /** Empty for an aborted run. */
  findings: StrictFinding[];
  /** 1 when parity found anything, or strict found a finding or a log awscli passes; 255 when aborted. */
  strictExitCode: 0 | 1 | 255;
}

export async function validateLogs(
  request: ValidateLogsRequest,
  deps: ValidateLogsDeps,
  options: ValidateLogsOptions = {},
): Promise<ValidateLogsResult> {
  const report = new CliReport(request.verbose);
  const counts = emptyCounts();
  const found: FoundRange = { start: null, end: null };
  const logs: LogRecord[] = [];

  // Read-ahead: the walk goes on to the next digest (fetching it, then starting its log files) while the log files of
  // the one before are still downloading and being reported, so the server is never left waiting for us between two
  // digests. Everything observable stays in awscli's order: each event's report lines, counts and onVerdict calls
  // happen in `reported`, one event after the other, and the walk is never more than one digest ahead of it.
  let reported: Promise<void> = Promise.resolve();
  let reportedTrace = { visits: 0, gaps: 0 };
  let failedInReport = false;
  const onEvent = async (event: WalkEvent): Promise<void> => {
    const trace = { visits: walker.trace.visits.length, gaps: walker.trace.gaps.length };
    const checks = event.kind === "valid" ? startLogChecks(event.accepted.file.document, deps.logs, options) : null;
    const before = reported;
    reported = before.then(async () => {
      reportedTrace = trace;
      await reportEvent(event, checks);
    });
    reported.catch(() => undefined); // seen by the walk's next event, or once the walk is over
    await before;
  };

  const reportEvent = async (event: WalkEvent, checks: LogChecks | null): Promise<void> => {
    await options.onVerdict?.({ kind: "digest", event });
    const prefix = event.backfill ? BACKFILL_PREFIX : "";
    if (event.kind === "gap") {
      const between = `${formatDisplayDate(event.from)} and ${formatDisplayDate(event.to)}`;
      report.status(`${prefix}No log files were delivered by CloudTrail between ${between}`, true);
      return;
    }
    if (event.kind === "invalid" || event.kind === "unreadable") {
      if (event.backfill) counts.invalidBackfillDigests += 1;
      else counts.invalidDigests += 1;
      const line = event.kind === "invalid" ? event.message : digestLine(event.bucket, event.key, `UNREADABLE: ${event.error}`);
      report.status(`${prefix}${line}`, true);
      return;
    }
    const document = event.accepted.file.document;
    trackFoundTimes(found, document, request.start, request.end);
    if (event.backfill) counts.validBackfillDigests += 1;
    else counts.validDigests += 1;
    report.status(`${prefix}Digest file\ts3://${event.bucket}/${event.key}\tvalid`, false);
    if (!checks || "error" in checks) throw checks?.error;
    for (let next = await checks.first; !next.done; next = await checks.rest.next()) {
      const checked = next.value;
      const digest = { bucket: event.bucket, key: event.key, backfill: event.backfill };
      if ("unreadable" in checked) {
        counts.invalidLogs += 1;
        report.status(`Log file\ts3://${checked.bucket}/${checked.key}\tUNREADABLE: ${checked.unreadable}`, true);
        const { bucket, key, expectedHash, unreadable: error } = checked;
        await options.onVerdict?.({ kind: "unreadable-log", log: { digest, bucket, key, expectedHash, error } });
        continue;
      }
      if (checked.parity === "valid") counts.validLogs += 1;
      else counts.invalidLogs += 1;
      report.status(checked.line, checked.parity !== "valid");
      const record: LogRecord = {
        digest,
        bucket: checked.bucket,
        key: checked.key,
        parity: checked.parity,
        strict: checked.strict,
        note: checked.note,
        expectedHash: checked.expectedHash,
        sha256: checked.hashed?.sha256 ?? null,
      };
      logs.push(record);
      await options.onVerdict?.({ kind: "log", log: record });
    }
  };

  /** Waits until every event the walk emitted is reported; then, if the walk failed, fails as it did. */
  const settle = async (walk: Promise<void>): Promise<void> => {
    const outcome = await walk.then(() => null, (error: unknown) => ({ error }));
    // An event's failure (a log file's GET, say) comes first: the walk would not have gone past it.
    await reported.catch((error: unknown) => {
      failedInReport = true;
      throw error;
    });
    if (outcome) throw outcome.error;
  };

  const { scope, bucket, start, end } = request;
  const walkOptions = { continueOnUnreadable: options.continueOnUnreadable ?? false };
  const walker = new ChainWalker({ scope, bucket, start, end }, deps.digests, deps.publicKeys, onEvent, walkOptions);
  report.header(request.trailArn, start, end);
  let aborted: string | null = null;
  try {
    await settle(walker.traverse(false));
    await settle(walker.traverse(true));
    report.summary(counts, found, start, end);
  } catch (error) {
    aborted = error instanceof Error ? error.message : String(error);
    report.abort(aborted);
    // What the walk read ahead, past an event whose report failed, was never examined: the trace ends there too.
    if (failedInReport) {
      walker.trace.visits.length = Math.min(walker.trace.visits.length, reportedTrace.visits);
      walker.trace.gaps.length = Math.min(walker.trace.gaps.length, reportedTrace.gaps);
    }
  }
  const findings = aborted === null ? await findStrictFindings(walker.trace, bucket, options, deps.digests) : [];
  const exitCode = exitCodeFor(counts, aborted !== null);
  const strictDirty = findings.length > 0 || logs.some((log) => log.strict !== "valid");
  return {
    output: report.chunks,
    exitCode,
    aborted,
    counts,
    logs,
    trace: walker.trace,
    findings,
    strictExitCode: exitCode === 0 && strictDirty ? 1 : exitCode,
  };
}

type UnreadableLog = { unreadable: string; bucket: string; key: string; expectedHash: string | null };
type LogOutcome = LogCheck | UnreadableLog;
type LogChecks = { first: Promise<IteratorResult<LogOutcome>>; rest: AsyncIterator<LogOutcome> } | { error: unknown };

/**
 * checkLogEntry, and with continueOnUnreadable a failed GET (an AWS error after the SDK's retries) as an unreadable
 * log file. awscli's own exceptions (PyException: a malformed entry) still stop the run as they stop awscli.
 */
async function checkOrUnreadable(entry: JsonValue, logs: LogSource, options: ValidateLogsOptions): Promise<LogOutcome> {
  const unreadable = (error: string): UnreadableLog => {
    const fields = entry as { s3Bucket: JsonValue; s3Object: JsonValue; hashValue?: JsonValue };
    const expectedHash = typeof fields.hashValue === "string" ? fields.hashValue : null;
    return { unreadable: error, bucket: pyStr(fields.s3Bucket), key: pyStr(fields.s3Object), expectedHash };
  };
  let checked: LogCheck;
  try {
    checked = await checkLogEntry(entry, logs, options);
  } catch (error) {
    if (!options.continueOnUnreadable || error instanceof PyException) throw error;
    return unreadable(error instanceof Error ? error.message : String(error));
  }
  // A body whose reading failed is invalid format for awscli's command; the stored run records it as unreadable.
  if (options.continueOnUnreadable && checked.readError !== null) return unreadable(checked.readError);
  return checked;
}

/**
 * Starts checking a valid digest's log files (up to `logConcurrency` at once), to be reported in order later. A
 * digest whose logFiles Python cannot iterate gives the error awscli stops with, raised when its turn comes.
 */
function startLogChecks(document: JsonObject, logs: LogSource, options: ValidateLogsOptions): LogChecks {
  try {
    if (!hasKey(document, "logFiles")) throw keyError("logFiles");
    const rest = mapInOrder(logFileEntries(document["logFiles"]!), options.logConcurrency ?? 1, (entry) => checkOrUnreadable(entry, logs, options));
    const first = rest.next();
    first.catch(() => undefined); // reported (or dropped, past a failure) in its turn
    return { first, rest };
  } catch (error) {
    return { error };
  }
}

/** _track_found_times: compares as parsed (a naive date against the aware window raises TypeError: exit 255). */
function trackFoundTimes(found: FoundRange, document: JsonObject, start: PyDateTime, end: PyDateTime): void {
  const digestStart = parsePyDate(document["digestStartTime"] ?? null);
  const earliest = comparePyDates(start, digestStart) > 0 ? start : digestStart; // max(digest_start, start)
  if (!found.start || comparePyDates(earliest, found.start) < 0) found.start = earliest;
  const digestEnd = parsePyDate(document["digestEndTime"] ?? null);
  const latest = comparePyDates(end, digestEnd) < 0 ? end : digestEnd; // min(digest_end, end)
  if (!found.end || comparePyDates(latest, found.end) > 0) found.end = latest;
}
