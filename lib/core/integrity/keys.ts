import { PyException, pySlice } from "@/lib/core/integrity/py-compat";
import { addMs, formatKeyDate, formatYmdPath, MINUTE_MS, type PyDateTime, utcPyDate } from "@/lib/core/integrity/py-date";

// The S3 key layout of CloudTrail digests and log files (DIGESTS.md section 1), and the exact way awscli builds its
// listing prefix, start marker and key filter from a trail ARN.

export interface TrailArn {
  arn: string;
  partition: string;
  homeRegion: string;
  accountId: string;
  name: string;
}

// Python: re.compile(r'arn:.+:cloudtrail:.+:\d{12}:trail/.+').match — anchored at the start only; "." is anything
// but "\n"; "\d" is any Unicode decimal digit.
const TRAIL_ARN = /^arn:[^\n]+:cloudtrail:[^\n]+:\p{Nd}{12}:trail\/[^\n]+/u;

/** Validates like awscli, then splits like awscli: region = 4th ":" field, account = 5th, name = after the last "/". */
export function parseTrailArn(arn: string): TrailArn {
  if (!TRAIL_ARN.test(arn)) throw new PyException("ValueError", `Invalid trail ARN provided: ${arn}`);
  const fields = arn.split(":");
  return {
    arn,
    partition: fields[1] ?? "",
    homeRegion: fields[3] ?? "",
    accountId: fields[4] ?? "",
    name: arn.split("/").at(-1) ?? "",
  };
}

/** Where one trail's files for one source region live. */
export interface TrailScope {
  /** The trail's S3KeyPrefix, without the joining "/"; awscli treats "" like no prefix. */
  prefix: string | null;
  /** Set for organization trails only. */
  organizationId: string | null;
  accountId: string;
  sourceRegion: string;
}

export interface DigestScope extends TrailScope {
  trailName: string;
  homeRegion: string;
}

function withPrefix(scope: TrailScope, key: string): string {
  return scope.prefix ? `${scope.prefix}/${key}` : key;
}

function accountRoot(scope: TrailScope): string {
  return scope.organizationId ? `AWSLogs/${scope.organizationId}/${scope.accountId}` : `AWSLogs/${scope.accountId}`;
}

/** ListObjects prefix: `{P}AWSLogs/[o-id/]{acct}/CloudTrail-Digest/{region}` (no trailing slash, as awscli). */
export function digestListPrefix(scope: TrailScope): string {
  return withPrefix(scope, `${accountRoot(scope)}/CloudTrail-Digest/${scope.sourceRegion}`);
}

/** The digest key CloudTrail writes for a digest ending at `endTime`. */
export function digestKey(scope: DigestScope, endTime: PyDateTime | Date, options: { backfill?: boolean } = {}): string {
  const end = endTime instanceof Date ? utcPyDate(endTime) : endTime;
  const { accountId: acct, sourceRegion: region, trailName, homeRegion } = scope;
  const name = `${acct}_CloudTrail-Digest_${region}_${trailName}_${homeRegion}_${formatKeyDate(end)}`;
  const suffix = options.backfill ? "_backfill.json.gz" : ".json.gz";
  return withPrefix(scope, `${accountRoot(scope)}/CloudTrail-Digest/${region}/${formatYmdPath(end)}/${name}${suffix}`);
}

/** awscli's ListObjects Marker: the key a digest ending one minute before `start` would have. */
export function digestStartMarker(scope: DigestScope, start: PyDateTime): string {
  return digestKey(scope, addMs(start, -MINUTE_MS));
}

/** Escapes a literal for a `u`-flag RegExp (which rejects escapes of non-syntax characters such as "\-"). */
function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

/**
 * awscli's key filter, translated from Python `re`: `.` → `[^\n]`, `\d` → `\p{Nd}`, and `$` also matching before a
 * final "\n". The organization id is the only part awscli does not escape; o-ids hold no metacharacters.
 */
export function digestKeyPattern(scope: DigestScope): RegExp {
  const acct = escapeLiteral(scope.accountId);
  const region = escapeLiteral(scope.sourceRegion);
  const root = scope.organizationId ? `AWSLogs/${escapeLiteral(scope.organizationId)}/${acct}` : `AWSLogs/${acct}`;
  const file = `${acct}_CloudTrail-Digest_${region}_${escapeLiteral(scope.trailName)}_${escapeLiteral(scope.homeRegion)}`;
  const body = `${root}/CloudTrail-Digest/${region}/\\p{Nd}+/\\p{Nd}+/\\p{Nd}+/${file}_[^\\n]+(?:_backfill)?\\.json\\.gz`;
  const prefix = scope.prefix ? `${escapeLiteral(scope.prefix)}/` : "";
  return new RegExp(`^${prefix}${body}\\n?$`, "u");
}

export function isBackfillDigestKey(key: string): boolean {
  return key.endsWith("_backfill.json.gz");
}

/** awscli reads a digest key's date by position: key[-24:-8], or key[-33:-17] for backfill keys. */
export function digestKeyDateText(key: string): string {
  return isBackfillDigestKey(key) ? pySlice(key, -33, -17) : pySlice(key, -24, -8);
}

/** A log file key; `time` is the delivery minute and `suffix` the 16 random alphanumerics. */
export function logFileKey(scope: TrailScope, time: Date, suffix: string): string {
  const at = utcPyDate(time);
  const stamp = formatKeyDate(at).slice(0, 13) + "Z"; // YYYYMMDDTHHmmZ
  const name = `${scope.accountId}_CloudTrail_${scope.sourceRegion}_${stamp}_${suffix}.json.gz`;
  return withPrefix(scope, `${accountRoot(scope)}/CloudTrail/${scope.sourceRegion}/${formatYmdPath(at)}/${name}`);
}

/** The time in a digest's or log file's name; null for a name that carries none (not one CloudTrail gives). */
export function keyTimeOrNull(key: string, kind: "digest" | "log"): Date | null {
  const text = kind === "digest" ? digestKeyDateText(key) : (/_(\d{8}T\d{4})Z_/.exec(key)?.[1] ?? "") + "00Z";
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
}
