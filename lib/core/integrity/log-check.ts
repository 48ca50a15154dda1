import {
  DecompressedSizeLimitError,
  hashGzipStream,
  hasTrailingData,
  type LogHash,
  type LogHashOptions,
  type LogHashVerdict,
  parityLogVerdict,
  strictLogVerdict,
} from "@/lib/core/integrity/log-hash";
import {
  hasKey,
  isJsonObject,
  type JsonValue,
  keyError,
  PyException,
  pyStr,
  pyTruthy,
  pyTypeName,
} from "@/lib/core/integrity/py-compat";

// awscli's _download_log for one entry of a valid digest's logFiles, and the iteration over logFiles itself.
// Python's field accesses decide which malformed entries abort the run: the error handler reads s3Bucket and
// s3Object again, so an entry missing either (or not an object at all) raises inside the handler: exit 255.

export interface LogSource {
  /**
   * GetObject of a log file: its body as a stream, or "not-found" for NoSuchKey. Any other S3 error must throw,
   * which aborts the run as in awscli. Errors while reading the stream count as "invalid format", as in awscli.
   */
  openLog(bucket: string, key: string): Promise<AsyncIterable<Uint8Array> | "not-found" | UnchangedLog>;
}

/**
 * An incremental run's answer for a file proven valid before and unchanged since (same ETag): the hash proven then,
 * instead of the bytes. Only a strictly valid earlier result may be reused, so its flags are the clean ones.
 */
export interface UnchangedLog {
  unchanged: LogHash;
}

function isUnchanged(body: AsyncIterable<Uint8Array> | UnchangedLog): body is UnchangedLog {
  return "unchanged" in body;
}

export type LogVerdict = LogHashVerdict | "not-found";

export interface LogCheck {
  bucket: JsonValue;
  key: JsonValue;
  /** awscli's verdict. */
  parity: LogVerdict;
  /** Ours: also catches appended members, trailing bytes and truncation awscli lets through. */
  strict: LogVerdict;
  /** The report line for the parity verdict, e.g. "Log file\ts3://b/k\tvalid". */
  line: string;
  hashed: LogHash | null;
  /** The entry's hashValue, when it is a string: what the digest promises. */
  expectedHash: string | null;
  /** Why strict (or both) disagree with a plain hash comparison, when they do. */
  note: string | null;
  /**
   * The body could not be read to the end (the connection lost, after the source's own resumes): awscli reports that
   * as invalid format, but it says nothing of the file's content. Null when it was read.
   */
  readError: string | null;
}

const BOTOCORE_BUCKET = /^(?:[a-zA-Z0-9.\-_]{1,255}|arn:.*)$/s;

/** awscli's words for each verdict (after "INVALID: " on its line), for every place that shows a log verdict. */
export const LOG_VERDICT_WORDS: Record<LogVerdict, string> = {
  valid: "valid",
  "hash-mismatch": "hash value doesn't match",
  "not-found": "not found",
  "invalid-format": "invalid format",
  "trailing-data": "unexpected data after end of compressed stream", // AWS CLI 1.45.12+ (log-hash.ts)
};

const verdictText = (verdict: LogVerdict) => (verdict === "valid" ? "valid" : `INVALID: ${LOG_VERDICT_WORDS[verdict]}`);

/** Python's iteration over `digest['logFiles']` once it is truthy: a list, a dict's keys, a string's characters. */
export function logFileEntries(logFiles: JsonValue): JsonValue[] {
  if (!pyTruthy(logFiles)) return [];
  if (Array.isArray(logFiles)) return logFiles;
  if (typeof logFiles === "string") return Array.from(logFiles);
  if (isJsonObject(logFiles)) return Object.keys(logFiles);
  throw new PyException("TypeError", `'${pyTypeName(logFiles)}' object is not iterable`);
}

function subscriptError(entry: JsonValue): PyException {
  if (Array.isArray(entry)) return new PyException("TypeError", "list indices must be integers or slices, not str");
  if (typeof entry === "string") return new PyException("TypeError", "string indices must be integers, not 'str'");
  return new PyException("TypeError", `'${pyTypeName(entry)}' object is not subscriptable`);
}

/**
 * Checks one logFiles entry. Throws a PyException where awscli aborts, and lets LogSource errors through.
 * Known approximation: for an entry without s3Object awscli first calls GetBucketLocation on s3Bucket; we abort
 * with its KeyError directly.
 */
export async function checkLogEntry(entry: JsonValue, logs: LogSource, options: LogHashOptions = {}): Promise<LogCheck> {
  if (!isJsonObject(entry)) throw subscriptError(entry);
  if (!hasKey(entry, "s3Bucket")) throw keyError("s3Bucket");
  if (!hasKey(entry, "s3Object")) throw keyError("s3Object");
  const bucket = entry["s3Bucket"]!;
  const key = entry["s3Object"]!;
  const expectedHash = typeof entry["hashValue"] === "string" ? entry["hashValue"] : null;
  const done = (parity: LogVerdict, strict: LogVerdict, hashed: LogHash | null, note: string | null, readError: string | null = null): LogCheck => ({
    bucket,
    key,
    parity,
    strict,
    line: `Log file\ts3://${pyStr(bucket)}/${pyStr(key)}\t${verdictText(parity)}`,
    hashed,
    expectedHash,
    note,
    readError,
  });
  // botocore validates parameters before sending anything; awscli reports its ParamValidationError as
  // "invalid format": a non-string, an empty key, a bucket name outside botocore's pattern (ARNs aside).
  if (typeof bucket !== "string" || typeof key !== "string" || key === "" || !BOTOCORE_BUCKET.test(bucket)) {
    return done("invalid-format", "invalid-format", null, "rejected by botocore parameter validation");
  }
  const body = await logs.openLog(bucket, key);
  if (body === "not-found") return done("not-found", "not-found", null, null);
  let hashed: LogHash;
  try {
    hashed = isUnchanged(body) ? body.unchanged : await hashGzipStream(body, options);
  } catch (error) {
    if (error instanceof DecompressedSizeLimitError) return done("invalid-format", "invalid-format", null, error.message);
    const readError = `read failed: ${String(error)}`;
    return done("invalid-format", "invalid-format", null, readError, readError);
  }
  const expected = entry["hashValue"];
  const note = strictNote(hashed, expected);
  // From 1.45.12 awscli looks at the trailing bytes before it reads hashValue: then a missing hashValue is not reached.
  if (hashed.formatError === null && !hasKey(entry, "hashValue")) {
    if (hasTrailingData(hashed) && options.awscli !== "1.45.11") return done("trailing-data", "trailing-data", hashed, note);
    return done("invalid-format", "invalid-format", hashed, note ?? "no hashValue"); // KeyError, caught by awscli
  }
  return done(parityLogVerdict(hashed, expected, options.awscli), strictLogVerdict(hashed, expected), hashed, note);
}

/** What happened to the file, in words: the hashes alone cannot say it when only the first member is hashed. */
function strictNote(hashed: LogHash, expected: JsonValue | undefined): string | null {
  if (hashed.formatError !== null) return hashed.formatError;
  if (hashed.trailingBytes > 0) {
    const first = `the first gzip member ${hashed.sha256 === expected ? "matches" : "does not match"} the digest's hash`;
    const after = hashed.appendedMember ? "of another gzip member follow it" : "that are not a gzip member follow it";
    return `${first}; ${hashed.trailingBytes} bytes ${after}`;
  }
  if (hashed.truncated) return "gzip stream truncated";
  return null;
}
