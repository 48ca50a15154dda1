import path from "node:path";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { RoleCredentials } from "@/lib/aws/credentials";
import { bucketRegion, CloudTrailPublicKeys, describeOrganizationId, FolderListing, LISTED_KEYS_CAP, listedUnchanged, S3TrailFiles, TrailFileClientSet, type LogObjectIdentity } from "@/lib/aws/trail-files";
import { planChains } from "@/lib/core/integrity/chain-plan";
import { digestsExpectedUntil } from "@/lib/core/integrity/strict-findings";
import { keyTimeOrNull } from "@/lib/core/integrity/keys";
import { formatDisplayDate, instantMs, utcPyDate } from "@/lib/core/integrity/py-date";
import { LOG_VERDICT_WORDS, type LogVerdict } from "@/lib/core/integrity/log-check";
import { validateLogs, type RunVerdict } from "@/lib/core/integrity/validate-logs";
import type { WalkEvent } from "@/lib/core/integrity/chain-walk";
import type { Sql } from "@/lib/db/sql";
import { expectedAccounts } from "@/lib/db/expected-chains-repository";
import { rollUpValidationRun } from "@/lib/db/integrity-days-repository";
import { createValidationRun, finishValidationRun, hasFindings, hasVerdicts, startValidationRun, recordFindings, trailToValidate } from "@/lib/db/validations-repository";
import { dataDir } from "@/lib/data-dir";
import { DigestFileCache } from "@/lib/services/integrity/digest-cache";
import { logConcurrency } from "@/lib/services/integrity/log-concurrency";
import { capFindings } from "@/lib/services/integrity/finding-cap";
import { provenLogs, VerdictWriter } from "@/lib/services/integrity/verdict-store";
import { profileMark } from "@/lib/util/profile";

// TrailProof's own validation (beyond the awscli-compatible command): one run covers every region a trail should
// deliver to and, for an organization trail, every member account, as the scans recorded them (chain-plan.ts: never
// as the bucket shows them, which whoever writes to it controls); verdicts, counters and findings
// are stored as the walk goes, so progress is visible and a killed run loses nothing it had checked. Incremental: a
// log file proven valid by an earlier run is not downloaded again while S3 reports the same ETag (a conditional GET
// answered 304); its proven hash is checked against what the digest says now. `full` turns that off. Likewise a
// digest the listing shows unchanged is read from the digest cache (and verified again) rather than fetched.

export interface StoredValidationInput {
  trailArn: string;
  windowStart: Date;
  windowEnd: Date;
  trigger: string;
  /** Restrict to these regions / accounts (default: all found in the bucket). */
  regions?: string[];
  accounts?: string[];
  /** Fetch and hash every log file, even those proven valid before and unchanged since. */
  full?: boolean;
  /**
   * A run already recorded (queued by "Validate now", or left running by a worker that died): it is carried out,
   * keeping what it stored; the other fields must describe it.
   */
  runId?: string;
  /** Told the run's id as soon as it is recorded (the command line prints it, so a killed run can be resumed). */
  onRunStarted?: (runId: string) => void;
}

export interface StoredValidationResult {
  runId: string;
  status: "succeeded" | "partial" | "failed";
  chains: { accountId: string; region: string; exitCode: number; aborted: string | null }[];
  /** Log files not downloaded again: proven valid by an earlier run, and S3 says unchanged (same ETag). */
  reusedLogs: number;
  /** Digests not downloaded again: unchanged since an earlier run fetched them (verified again all the same). */
  reusedDigests: number;
}

async function childPrefixes(clients: TrailFileClientSet, region: string, bucket: string, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.s3(region).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: "/", ContinuationToken: token }));
    for (const p of page.CommonPrefixes ?? []) if (p.Prefix) names.push(p.Prefix.slice(prefix.length, -1));
    token = page.NextContinuationToken;
  } while (token);
  return names;
}

/** awscli's wording for a verdict, or ours where it has none; and the status TrailProof stores (the strict one). */
function logStatus(parity: LogVerdict, strict: LogVerdict, note: string | null): { status: "valid" | "invalid" | "missing"; reason: string | null } {
  // Trailing data leaves the first member's hash intact (expected = actual): the note says what follows it.
  const words = { ...LOG_VERDICT_WORDS, "trailing-data": `${LOG_VERDICT_WORDS["trailing-data"]} (${note})` };
  if (strict === "not-found") return { status: "missing", reason: "not found" };
  if (strict === "valid") return { status: "valid", reason: null };
  const reason = parity === strict ? words[strict] : `${words[strict]} (the AWS CLI reports: ${words[parity]})`;
  return { status: "invalid", reason };
}

/** A digest event's stored status and reason: awscli's INVALID text, or the read error of an unreadable one. */
function digestStatus(event: Exclude<WalkEvent, { kind: "gap" }>): { status: "valid" | "invalid" | "missing" | "unreadable"; reason: string | null } {
  if (event.kind === "valid") return { status: "valid", reason: null };
  if (event.kind === "unreadable") return { status: "unreadable", reason: event.error };
  return { status: event.reason === "not-found" ? "missing" : "invalid", reason: event.message.split("\tINVALID: ")[1] ?? event.message };
}

/** The trail's date folders (…/CloudTrail/{region}/YYYY/MM/DD/) that the window touches. */
function dayFolders(root: string, start: Date, end: Date): string[] {
  const folders: string[] = [];
  for (let day = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); day <= end.getTime(); day += 86_400_000) {
    folders.push(`${root}${new Date(day).toISOString().slice(0, 10).replaceAll("-", "/")}/`);
  }
  return folders;
}

function inWindow(time: Date, start: Date, end: Date): boolean {
  return time.getTime() >= start.getTime() && time.getTime() <= end.getTime();
}

function identityColumns(identity: LogObjectIdentity | undefined) {
  if (!identity) return {};
  return { etag: identity.etag, size: identity.size === null ? null : BigInt(identity.size), lastModified: identity.lastModified, versionId: identity.versionId };
}

function keyTime(key: string, kind: "digest" | "log"): Date {
  return keyTimeOrNull(key, kind) ?? new Date(0);
}

/**
 * A listed object of the window's date folders that belongs to the window: its name's time is in it, or its name
 * carries no time at all (whoever wrote it there chose the name, so it cannot be placed outside the window by it).
 */
function listedInWindow(key: string, start: Date, end: Date): boolean {
  const time = keyTimeOrNull(key, "log");
  return time === null || inWindow(time, start, end);
}

/** The organization id from AWS Organizations (any account of the organization may ask), never from the bucket. */
async function organizationIdOf(clients: TrailFileClientSet, trailArn: string): Promise<string> {
  try {
    return await describeOrganizationId(clients);
  } catch (error) {
    throw new Error(`organization trail ${trailArn}: could not learn the organization id (organizations:DescribeOrganization): ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function runStoredValidation(database: Sql, input: StoredValidationInput): Promise<StoredValidationResult> {
  const trail = await trailToValidate(database, input.trailArn);
  if (!trail?.s3BucketName) throw new Error(`trail ${input.trailArn} is unknown or has no bucket: scan its account first`);
  // The bucket's owner reads the files when TrailProof has its role (a log-archive account), else the trail's owner.
  const reader = trail.reader;
  if (!reader) throw new Error(`account ${trail.accountId} of trail ${input.trailArn} is unknown: scan it first`);
  profileMark("trail and reader looked up");
  const clients = new TrailFileClientSet(new RoleCredentials("validate").for({ accountId: reader.id, roleName: reader.roleName, externalId: reader.externalId }));
  const bucket = trail.s3BucketName;
  const root = `${trail.s3KeyPrefix ? `${trail.s3KeyPrefix}/` : ""}AWSLogs/`;

  const region = await bucketRegion(clients, "us-east-1", bucket);
  const knownBucketRegions = new Map([[bucket, region]]);
  const organizationId = trail.isOrganizationTrail ? await organizationIdOf(clients, trail.arn) : null;
  const plan = await planChains({
    trail,
    root,
    organizationId,
    expected: await expectedAccounts(database, trail),
    listFolders: (prefix) => childPrefixes(clients, region, bucket, prefix),
    onlyAccounts: input.accounts,
    onlyRegions: input.regions,
  });
  const { accountRoot, chains } = plan;
  profileMark(`chains planned (${chains.length})`);
  // Each chain's log listing (the slowest requests of a re-run) starts as early as it can: the first chain's now,
  // while the run is recorded and earlier proofs are read; the next one's once the previous listing is in.
  const listings: FolderListing[] = [];
  let failed = false; // no more listings are started for a run that failed
  const listingFor = (index: number): FolderListing | undefined => {
    const chain = chains[index];
    if (!chain || listings[index] || failed) return listings[index];
    const logRoot = `${accountRoot}${chain.accountId}/CloudTrail/${chain.region}/`;
    const listing = new FolderListing(clients, region, bucket, dayFolders(logRoot, input.windowStart, input.windowEnd));
    listings[index] = listing;
    // Awaited after its chain's walk; a failure fails the run then.
    void listing.all.then(() => profileMark("(log listing done)"), () => undefined).finally(() => listingFor(index + 1));
    return listing;
  };
  listingFor(0);
  // While the trail logs (per the latest scan), the digest ending at the window's end must exist once CloudTrail had
  // time to deliver it: that is how a deleted newest digest, invisible to the AWS CLI, is caught.
  const deliveredBy = digestsExpectedUntil(input.windowEnd, new Date());
  const strictOptions = trail.loggingStatus === "pass" ? { expectedUntil: deliveredBy } : {};

  const regions = [...new Set(chains.map((c) => c.region))].sort();
  const runId = input.runId ?? (await createValidationRun(database, {
    trailId: trail.id,
    accountId: reader.id,
    regions,
    windowStart: input.windowStart,
    windowEnd: input.windowEnd,
    trigger: input.trigger,
    full: input.full ?? false,
  }));
  if (input.runId) await startValidationRun(database, input.runId, regions);
  input.onRunStarted?.(runId);
  profileMark("run recorded");
  const outcomes: StoredValidationResult["chains"] = [];
  let filesExamined = 0;
  let reusedLogs = 0;
  let reusedDigests = 0;
  const writer = new VerdictWriter(database, runId);
  const digestCache = input.full ? undefined : new DigestFileCache(path.join(dataDir(), "cache", "digests"));
  try {
    // Folders nothing accounts for are reported, never walked: a decoy cannot stand in for a real chain.
    if (!input.runId || !(await hasFindings(database, runId, "unexpected-prefix"))) {
      await recordFindings(database, runId, capFindings(plan.unexpected.map((u) => ({ accountId: u.accountId, region: u.region, kind: "unexpected-prefix", s3Uri: `s3://${bucket}/${u.prefix}`, message: `unexpected folder in the trail's part of the bucket: ${u.why}` }))));
    }
    for (const [index, chain] of chains.entries()) {
      // Shown by the progress bar: which chain of how many, as the number of files is not known in advance.
      const where = ` · chain ${index + 1} of ${chains.length} (${chain.accountId} ${chain.region})`;
      const gaps: { from: Date; to: Date; message: string }[] = [];
      const unreadable: { key: string; error: string; kind: "digest" | "log" }[] = [];
      let digestsSeen = 0;
      const onVerdict = async (verdict: RunVerdict) => {
        const base = { accountId: chain.accountId, region: chain.region, s3Bucket: bucket };
        if (verdict.kind !== "digest" || verdict.event.kind !== "gap") filesExamined += 1;
        if (verdict.kind === "digest" && verdict.event.kind !== "gap") digestsSeen += 1;
        if (verdict.kind === "digest") {
          const { event } = verdict;
          if (event.kind === "gap") {
            const between = `${formatDisplayDate(event.from)} and ${formatDisplayDate(event.to)}`;
            gaps.push({ from: new Date(instantMs(event.from)), to: new Date(instantMs(event.to)), message: `No log files were delivered by CloudTrail between ${between}` });
            return;
          }
          if (event.kind === "valid") {
            const logFiles = event.accepted.file.document["logFiles"];
            for (const entry of Array.isArray(logFiles) ? logFiles : []) {
              const e = entry as { s3Object?: unknown };
              if (typeof e.s3Object === "string") referenced.add(e.s3Object);
            }
          }
          if (event.kind === "unreadable") unreadable.push({ key: event.key, error: event.error, kind: "digest" });
          await writer.add({
            ...base,
            kind: "digest",
            s3Key: event.key,
            fileTime: keyTime(event.key, "digest"),
            ...digestStatus(event),
            fingerprint: event.kind === "valid" ? String(event.accepted.file.document["digestPublicKeyFingerprint"] ?? "") : null,
          }, `verifying chain${where}`);
        } else if (verdict.kind === "unreadable-log") {
          const { log } = verdict;
          unreadable.push({ key: log.key, error: log.error, kind: "log" });
          referenced.add(log.key); // listed by a valid digest: its finding is `unreadable`, not `log-unreferenced`
          await writer.add({
            ...base,
            kind: "log",
            s3Key: log.key,
            fileTime: keyTime(log.key, "log"),
            status: "unreadable",
            reason: log.error,
            expectedHash: log.expectedHash,
            digestKey: log.digest.key,
          }, `hashing logs${where}`);
        } else {
          const { log } = verdict;
          const key = String(log.key);
          await writer.add({
            ...base,
            kind: "log",
            s3Key: key,
            fileTime: keyTime(key, "log"),
            ...logStatus(log.parity, log.strict, log.note),
            expectedHash: log.expectedHash,
            actualHash: log.sha256,
            digestKey: log.digest.key,
            ...identityColumns(identities.get(key)),
          }, `hashing logs${where}`);
        }
      };

      // A full run re-reads what earlier runs proved, but a resumed one still skips what it proved itself.
      // The log listing goes on while the chain is walked: a log file checked waits only for its own date folder, and
      // folders are listed newest first, as the walk needs them. Should a folder fail, its files fall back to
      // conditional GETs and the run fails with the error once the walk is over, as it would have before the walk.
      const listing = listingFor(index)!;
      const proven = await provenLogs(database, bucket, chain.accountId, chain.region, input.full ? runId : undefined);
      profileMark("proven logs read");
      const referenced = new Set<string>();
      const identities = new Map<string, LogObjectIdentity>();
      const files = new S3TrailFiles(clients, chain.region, {
        // The trail's bucket was located once for the run; a digest naming another bucket has that one located.
        locateBuckets: true,
        knownBucketRegions,
        digestCache,
        // A proven file the listing shows unchanged (same ETag, size and LastModified) needs no request at all.
        provenLog: async (logBucket, key) => {
          // Proofs are of this bucket's objects: a digest naming the same key in another bucket gets a real request.
          if (logBucket !== bucket) return undefined;
          const known = proven.get(key);
          return known && listedUnchanged(known.identity, await listing.identity(key)) ? { ...known, listedUnchanged: true } : known;
        },
        onLogObject: (_bucket, key, identity) => {
          identities.set(key, identity);
          if (proven.get(key)?.identity === identity) reusedLogs += 1;
        },
      });
      const scope = { prefix: trail.s3KeyPrefix, organizationId, accountId: chain.accountId, sourceRegion: chain.region, trailName: trail.name, homeRegion: trail.homeRegion };
      const result = await validateLogs(
        { trailArn: trail.arn, scope, bucket, start: utcPyDate(input.windowStart), end: utcPyDate(input.windowEnd), verbose: false },
        { digests: files, logs: files, publicKeys: new CloudTrailPublicKeys(clients, chain.region) },
        // One object that cannot be read (denied, too large) is an `unreadable` verdict, not the end of the chain.
        { logConcurrency: logConcurrency(), onVerdict, continueOnUnreadable: true, ...strictOptions },
      );
      profileMark("chain walked");
      reusedDigests += files.reusedDigests;
      await writer.drain();
      profileMark("verdicts stored");
      const listedLogs = await listing.all;
      await recordFindings(
        database,
        runId,
        capFindings([
          // A chain that should exist and has no digest at all in the window, while the trail logs: its folders were
          // deleted (or never delivered). The AWS CLI, which lists what is there, cannot see this.
          ...(digestsSeen === 0 && !result.aborted && trail.loggingStatus === "pass"
            ? [{ accountId: chain.accountId, region: chain.region, kind: "chain-missing", s3Uri: `s3://${bucket}/${accountRoot}${chain.accountId}/CloudTrail-Digest/${chain.region}/`, message: "no digest in the window for a chain the trail should deliver while it logs: its files were deleted or never delivered", fromTime: input.windowStart, toTime: input.windowEnd }]
            : []),
          ...result.findings.map((f) => ({ accountId: chain.accountId, region: chain.region, kind: f.kind, s3Uri: f.key ? `s3://${f.bucket}/${f.key}` : null, message: f.detail })),
          ...gaps.map((gap) => ({ accountId: chain.accountId, region: chain.region, kind: "gap", message: gap.message, fromTime: gap.from, toTime: gap.to })),
          ...(result.aborted ? [{ accountId: chain.accountId, region: chain.region, kind: "aborted", message: result.aborted }] : []),
          ...unreadable.map((u) => ({
            accountId: chain.accountId,
            region: chain.region,
            kind: "unreadable",
            s3Uri: `s3://${bucket}/${u.key}`,
            message: u.kind === "digest"
              ? `this digest could not be read, so the log files it lists are vouched for by nothing: ${u.error}`
              : `this log file could not be read, so its hash was not checked: ${u.error}`,
          })),
          // Past the listing's cap, objects are only counted: more than CloudTrail delivers for one chain and window.
          ...(listing.overflow > 0
            ? [{ accountId: chain.accountId, region: chain.region, kind: "listing-capped", s3Uri: null, message: `${listing.overflow} more objects in this chain's log folders beyond the first ${LISTED_KEYS_CAP.toLocaleString("en-US")} were counted, not examined one by one: no chain holds this many log files in a window`, evidence: { kept: LISTED_KEYS_CAP, notKept: listing.overflow } }]
            : []),
          // Log files in the window that no valid digest vouches for: added, or dropped from a re-signed digest, or
          // listed only by a digest that is invalid or that the chain skips. Not judged when the run stopped early.
          ...(result.aborted
            ? []
            : [...listedLogs.keys()]
                .filter((key) => !referenced.has(key) && listedInWindow(key, input.windowStart, input.windowEnd))
                .map((key) => ({
                  accountId: chain.accountId,
                  region: chain.region,
                  kind: "log-unreferenced",
                  s3Uri: `s3://${bucket}/${key}`,
                  message: "no valid digest in the window lists this log file, so nothing proves it is what CloudTrail delivered",
                }))),
        ]),
      );
      outcomes.push({ ...chain, exitCode: result.exitCode, aborted: result.aborted });
      profileMark("findings stored");
    }
    // A run that examined nothing proved nothing: never "succeeded" (resumed runs count what they stored before).
    const examinedNothing = filesExamined === 0 && !(input.runId && (await hasVerdicts(database, runId)));
    const status = examinedNothing || outcomes.some((o) => o.aborted) ? "partial" : "succeeded";
    const problems = [
      ...(examinedNothing ? [`no digest or log file was examined (${chains.length} chain${chains.length === 1 ? "" : "s"} planned)`] : []),
      ...outcomes.filter((o) => o.aborted).map((o) => `${o.accountId} ${o.region}: ${o.aborted}`),
    ];
    await finishValidationRun(database, runId, status, problems.join("; ") || null);
    // The integrity heatmap's days, whoever started the run (a job or the command line). The run's verdicts are
    // stored and it has ended: a failing rollup is reported, it does not turn the run into a failed one.
    profileMark("run finished");
    await rollUpValidationRun(database, runId).catch((error: unknown) => console.error(`integrity heatmap rollup of run ${runId} failed`, error));
    profileMark("heatmap rolled up");
    return { runId, status, chains: outcomes, reusedLogs, reusedDigests };
  } catch (error) {
    failed = true;
    await writer.drain().catch(() => undefined); // what was checked is stored before the run is marked failed
    await finishValidationRun(database, runId, "failed", error instanceof Error ? error.message : String(error));
    throw error;
  }
}
