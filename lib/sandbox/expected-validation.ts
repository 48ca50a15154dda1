import type { AwsCliLogBehaviour } from "@/lib/core/integrity/awscli-behaviour";
import { type GeneratedDigest, isoSeconds, type TrailFiles } from "@/lib/sandbox/cloudtrail-files";
import type { TamperChange } from "@/lib/sandbox/cloudtrail-tamper";
import { type DigestIntent, type DigestOutcome, type LinkField, type LogOutcome, TAMPER_INTENTS } from "@/lib/sandbox/tamper-intent";

// What `aws cloudtrail validate-logs` prints for one demo chain, and what TrailProof's strict mode must find there,
// predicted from the plan alone: the digests and log files the generator delivered (TrailFiles, before tampering),
// what was planted where (TamperChange) and each kind's intent (tamper-intent.ts), walked the way DIGESTS.md section 6
// describes the AWS CLI's traversal and printed as section 8 gives its messages. It never runs TrailProof's validator
// (seed-files-imports.test.ts proves the import graph): the real AWS CLI is the independent judge of the result.

export interface ExpectedFile {
  type: "digest" | "log";
  key: string;
  awscli: string;
  strict?: string;
}

export interface ExpectedChain {
  awscli: { exitCode: number; stdout: string; stderr: string };
  /** Strict findings by kind and the file they name (null: the chain as a whole). */
  strict: { exitCode: number; findings: { kind: string; key: string | null }[] };
  files: ExpectedFile[];
}

export interface ExpectationInput {
  files: TrailFiles;
  tampering: readonly TamperChange[];
  trailArn: string;
  end: Date;
  /** Whether the trail still logs: only then is a digest ending at the window's end due (strict "digest-missing"). */
  logging: boolean;
  awscli: AwsCliLogBehaviour;
  /** S3 refuses every log file (kms:Decrypt denied): the AWS CLI stops at the first one with this error. */
  logRefusal?: string;
}

/** A digest as the walk sees it: where it is listed, what it points at, what the AWS CLI makes of it. */
interface WalkDigest {
  key: string;
  /** The date in its key name (DIGESTS.md section 1), which orders the listing. */
  keyTime: number;
  startTime: string;
  endTime: string;
  pointer: string | null;
  /** The digest its pointer passes over (skip-chain-link). */
  skips: string | null;
  logs: string[];
  outcome: DigestOutcome;
  fingerprint: string | null;
  brokenFromNext: LinkField[];
  ownBroken: LinkField[];
  abortsWith: string | null;
}

const KEY_TIME = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:_backfill)?\.json\.gz$/;

function keyTimeOf(key: string): number {
  const m = KEY_TIME.exec(key);
  if (!m) throw new Error(`not a digest key: ${key}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

function walkDigest(digest: GeneratedDigest): WalkDigest {
  return {
    key: digest.key,
    keyTime: keyTimeOf(digest.key),
    startTime: digest.document.digestStartTime,
    endTime: digest.document.digestEndTime,
    pointer: digest.document.previousDigestS3Object,
    skips: null,
    logs: digest.logs.map((log) => log.key),
    outcome: "valid",
    fingerprint: null,
    brokenFromNext: [],
    ownBroken: [],
    abortsWith: null,
  };
}

/** The key a tampering is about: the one it created (a moved digest's copy) or modified, else the one it deleted. */
function targetOf(change: TamperChange): string {
  return (change.changed.find((c) => c.action === "created") ?? change.changed.find((c) => c.action === "modified") ?? change.changed[0]!).key;
}

interface PlantedState {
  standard: Map<string, WalkDigest>;
  backfill: Map<string, WalkDigest>;
  deleted: Set<string>;
  logs: Map<string, { awscli: LogOutcome; strict: LogOutcome }>;
}

function applyDigestIntent(state: PlantedState, change: TamperChange, intent: DigestIntent): void {
  const key = targetOf(change);
  const created = change.changed.find((c) => c.action === "created");
  const chain = key.endsWith("_backfill.json.gz") ? state.backfill : state.standard;
  if (created) {
    // A copy of an existing digest under a new key: the original is the one the copy's body still names.
    const source = change.copiedFrom === undefined ? undefined : chain.get(change.copiedFrom);
    if (!source) throw new Error(`${change.kind}: the digest ${created.key} copies is not in the plan`);
    chain.set(key, { ...source, key, keyTime: keyTimeOf(key), outcome: intent.awscli });
    return;
  }
  const digest = chain.get(key);
  if (!digest) throw new Error(`${change.kind}: ${key} is not a planned digest`);
  if (change.changed.every((c) => c.action === "deleted")) return; // absent from the bucket: see `deleted`
  digest.outcome = intent.awscli;
  digest.fingerprint = change.fingerprint ?? null;
  digest.brokenFromNext = [...new Set([...digest.brokenFromNext, ...intent.breaksLinkFromNext])];
  digest.ownBroken = [...new Set([...digest.ownBroken, ...(intent.breaksOwnLink ?? [])])];
  digest.abortsWith = intent.abortsWith ?? null;
  if (change.unlisted) digest.logs = digest.logs.filter((log) => !change.unlisted!.includes(log));
  if (intent.pointer === "none") digest.pointer = null;
  if (intent.pointer === "skips-one") {
    const passed = digest.pointer === null ? undefined : chain.get(digest.pointer);
    if (!passed?.pointer) throw new Error(`${change.kind}: ${key} has no two older linked digests`);
    digest.skips = passed.key;
    digest.pointer = passed.pointer;
  }
}

function plantedState(input: ExpectationInput): PlantedState {
  const state: PlantedState = {
    standard: new Map(input.files.digests.map((d) => [d.key, walkDigest(d)])),
    backfill: new Map(input.files.backfillDigests.map((d) => [d.key, walkDigest(d)])),
    deleted: new Set(),
    logs: new Map(),
  };
  for (const change of input.tampering) {
    for (const c of change.changed) if (c.action === "deleted") state.deleted.add(c.key);
    const intent = TAMPER_INTENTS[change.kind];
    if (intent.on === "log") state.logs.set(targetOf(change), { awscli: intent.awscli(input.awscli), strict: intent.strict });
    else applyDigestIntent(state, change, intent);
  }
  return state;
}

const DIGEST_MESSAGES: Record<Exclude<DigestOutcome, "valid" | "unknown-fingerprint">, string> = {
  "not-found": "INVALID: not found",
  "signature-failed": "INVALID: signature verification failed",
  moved: "INVALID: has been moved from its original location",
  error: "INVALID: Non-hexadecimal digit found",
};

const LOG_MESSAGES: Record<Exclude<LogOutcome, "valid">, string> = {
  "hash-mismatch": "INVALID: hash value doesn't match",
  "not-found": "INVALID: not found",
  "invalid-format": "INVALID: invalid format",
  "trailing-data": "INVALID: unexpected data after end of compressed stream",
};

class Abort extends Error {}

/** One run's mutable tally, shared by the standard and the backfill walk. */
class Tally {
  readonly stderr: string[] = [];
  readonly files: ExpectedFile[] = [];
  readonly logFiles: ExpectedFile[] = [];
  readonly findings: { kind: string; key: string | null }[] = [];
  readonly counts = { digests: [0, 0], backfill: [0, 0], logs: [0, 0] };
  readonly validRanges: { start: number; end: number }[] = [];
  newestValidEnd = 0;
  strictInvalid = 0;

  /** Every INVALID and gap line goes to stderr as "msg\n\n" (never after a verbose line: the demo runs are not verbose). */
  error(line: string): void {
    this.stderr.push(`${line}\n\n`);
  }
}

function walk(chain: Map<string, WalkDigest>, state: PlantedState, input: ExpectationInput, tally: Tally, backfill: boolean): void {
  const prefix = backfill ? "(backfill) " : "";
  const start = input.files.spec.start.getTime();
  const listed = [...chain.values()]
    .filter((d) => !state.deleted.has(d.key) && d.keyTime >= start && d.keyTime <= input.end.getTime() + 3_600_000)
    .sort((a, b) => a.keyTime - b.keyTime);
  const count = backfill ? tally.counts.backfill : tally.counts.digests;
  const olderListed = (time: number) => listed.filter((d) => d.keyTime < time).at(-1) ?? null;
  const uri = (key: string) => `s3://${input.files.spec.bucket}/${key}`;

  let current: { key: string; keyTime: number } | null = listed.at(-1) ?? null;
  let lastStart = current?.keyTime ?? 0;
  while (current && start <= lastStart) {
    const digest = state.deleted.has(current.key) ? undefined : chain.get(current.key);
    const outcome: DigestOutcome = digest ? digest.outcome : "not-found";
    tally.files.push({ type: "digest", key: current.key, awscli: outcome });
    if (!digest || outcome !== "valid") {
      count[1]! += 1;
      const message = outcome === "unknown-fingerprint" ? `INVALID: public key not found in region ${input.files.spec.homeRegion} for fingerprint ${digest!.fingerprint}` : DIGEST_MESSAGES[outcome as keyof typeof DIGEST_MESSAGES];
      tally.error(`${prefix}Digest file\t${uri(current.key)}\t${message}`);
      current = olderListed(current.keyTime);
      continue;
    }
    count[0]! += 1;
    lastStart = Date.parse(digest.startTime);
    tally.validRanges.push({ start: lastStart, end: Date.parse(digest.endTime) });
    if (!backfill) tally.newestValidEnd = Math.max(tally.newestValidEnd, Date.parse(digest.endTime));
    if (digest.abortsWith) throw new Abort(digest.abortsWith);
    for (const log of digest.logs) checkLog(log, state, input, tally);
    if (digest.pointer === null) {
      const older = olderListed(digest.keyTime);
      if (older) {
        const from = isoSeconds(new Date(older.keyTime));
        tally.error(`${prefix}No log files were delivered by CloudTrail between ${from} and ${digest.startTime}`);
        if (from === digest.startTime) tally.findings.push({ kind: "suspicious-gap", key: digest.key });
      }
      current = older;
      continue;
    }
    linkFindings(digest, chain.get(digest.pointer), state, tally);
    current = { key: digest.pointer, keyTime: keyTimeOf(digest.pointer) };
  }
}

/** Strict mode compares a digest's link fields with the digest it points at, once the walk fetches that one. */
function linkFindings(digest: WalkDigest, previous: WalkDigest | undefined, state: PlantedState, tally: Tally): void {
  // A pointer past a digest: the hour it covered has no digest in the chain, and the listed one is never reached.
  if (digest.skips) tally.findings.push({ kind: "digest-missing", key: digest.key }, { kind: "digest-skipped", key: digest.skips });
  if (!previous || state.deleted.has(previous.key)) return;
  for (const field of ["signature", "hash"] as const) {
    if (digest.ownBroken.includes(field) || previous.brokenFromNext.includes(field)) tally.findings.push({ kind: "chain-broken", key: digest.key });
  }
}

function checkLog(key: string, state: PlantedState, input: ExpectationInput, tally: Tally): void {
  if (input.logRefusal) throw new Abort(input.logRefusal);
  const verdict = state.logs.get(key) ?? { awscli: "valid", strict: "valid" };
  tally.logFiles.push({ type: "log", key, awscli: verdict.awscli, strict: verdict.strict });
  tally.counts.logs[verdict.awscli === "valid" ? 0 : 1]! += 1;
  if (verdict.strict !== "valid") tally.strictInvalid += 1;
  if (verdict.awscli !== "valid") tally.error(`Log file\ts3://${input.files.spec.bucket}/${key}\t${LOG_MESSAGES[verdict.awscli]}`);
}

function summary(tally: Tally, start: Date, end: Date): string {
  const lines = [`Results requested for ${isoSeconds(start)} to ${isoSeconds(end)}`];
  const { digests, backfill, logs } = tally.counts;
  if (digests[0]! + digests[1]! + backfill[0]! + backfill[1]! === 0) return `${lines[0]}\nNo digests found\n`;
  if (tally.validRanges.length === 0) lines.push("No valid digests found in range");
  else {
    const foundStart = Math.max(start.getTime(), Math.min(...tally.validRanges.map((r) => r.start)));
    const foundEnd = Math.min(end.getTime(), Math.max(...tally.validRanges.map((r) => r.end)));
    lines.push(`Results found for ${isoSeconds(new Date(foundStart))} to ${isoSeconds(new Date(foundEnd))}:`);
  }
  lines.push("");
  const ratio = ([valid, invalid]: number[], name: string) => {
    const total = valid! + invalid!;
    if (total > 0) lines.push(`${valid}/${total} ${name} files valid${invalid! > 0 ? `, ${invalid}/${total} ${name} files INVALID` : ""}`);
  };
  ratio(digests, "digest");
  ratio(backfill, "backfill digest");
  ratio(logs, "log");
  return `${lines.join("\n")}\n`;
}

/** The expected AWS CLI output, strict verdicts and file verdicts of one chain. */
export function expectedChain(input: ExpectationInput): ExpectedChain {
  const state = plantedState(input);
  const tally = new Tally();
  const start = input.files.spec.start;
  const header = `Validating log files for trail ${input.trailArn} between ${isoSeconds(start)} and ${isoSeconds(input.end)}\n\n`;
  let aborted: string | null = null;
  try {
    walk(state.standard, state, input, tally, false);
    walk(state.backfill, state, input, tally, true);
  } catch (error) {
    if (!(error instanceof Abort)) throw error;
    aborted = error.message;
  }
  const files = [...tally.files, ...tally.logFiles];
  if (aborted !== null) {
    // The AWS CLI's top-level handler: "\n{error}\n" on stderr, exit 255; strict mode stops with it.
    return { awscli: { exitCode: 255, stdout: header, stderr: `${tally.stderr.join("")}\n${aborted}\n` }, strict: { exitCode: 255, findings: [] }, files };
  }
  // A logging trail owes the digest that ends at the window's end: strict mode misses it when none valid ends there.
  if (input.logging && tally.newestValidEnd < input.end.getTime()) tally.findings.push({ kind: "digest-missing", key: null });
  const { digests, backfill, logs } = tally.counts;
  const invalid = digests[1]! + backfill[1]! + logs[1]!;
  const exitCode = invalid > 0 ? 1 : 0;
  const strictExit = invalid > 0 || tally.strictInvalid > 0 || tally.findings.length > 0 ? 1 : 0;
  return {
    awscli: { exitCode, stdout: header + summary(tally, start, input.end), stderr: tally.stderr.join("") },
    strict: { exitCode: strictExit, findings: tally.findings },
    files,
  };
}
