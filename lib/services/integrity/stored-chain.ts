import { CloudTrailPublicKeys, type FolderListing, listedUnchanged, S3TrailFiles, type LogObjectIdentity } from "@/lib/aws/trail-files";
import type { PlannedChain } from "@/lib/core/integrity/chain-plan";
import type { WalkEvent } from "@/lib/core/integrity/chain-walk";
import { LOG_VERDICT_WORDS, type LogVerdict } from "@/lib/core/integrity/log-check";
import { formatDisplayDate, instantMs, utcPyDate } from "@/lib/core/integrity/py-date";
import { validateLogs, type RunVerdict } from "@/lib/core/integrity/validate-logs";
import { keyTime } from "@/lib/core/integrity/window-keys";
import type { Sql } from "@/lib/db/sql";
import type { DigestFileCache } from "@/lib/services/integrity/digest-cache";
import type { ChainWalkFacts } from "@/lib/services/integrity/chain-findings";
import { logConcurrency } from "@/lib/services/integrity/log-concurrency";
import type { StoredRunPlan } from "@/lib/services/integrity/stored-run-plan";
import { provenLogs, type VerdictWriter } from "@/lib/services/integrity/verdict-store";
import { profileMark } from "@/lib/util/profile";

// One chain of a stored run: its digests walked and its log files hashed (validateLogs, the awscli algorithm plus the
// strict checks), each verdict handed to the run's writer as it comes, and the facts its findings are made of
// gathered for chain-findings.ts.

export interface ChainRun {
  database: Sql;
  plan: StoredRunPlan;
  runId: string;
  windowStart: Date;
  windowEnd: Date;
  /** Re-read files earlier runs proved (a resumed run still skips what it proved itself). */
  full: boolean;
  writer: VerdictWriter;
  digestCache: DigestFileCache | undefined;
  /** The trail's bucket, located once for the run; a digest naming another bucket has that one located. */
  knownBucketRegions: Map<string, string>;
}

export interface ChainWalk {
  facts: ChainWalkFacts;
  exitCode: number;
  /** Digests and log files given a verdict. */
  filesExamined: number;
  reusedLogs: number;
  reusedDigests: number;
}

export async function walkStoredChain(run: ChainRun, chain: PlannedChain, index: number, listing: FolderListing): Promise<ChainWalk> {
  const { plan } = run;
  const { bucket, trail } = plan;
  // Shown by the progress bar: which chain of how many, as the number of files is not known in advance.
  const where = ` · chain ${index + 1} of ${plan.chains.length} (${chain.accountId} ${chain.region})`;
  const facts: ChainWalkFacts = {
    chain,
    bucket,
    accountRoot: plan.accountRoot,
    windowStart: run.windowStart,
    windowEnd: run.windowEnd,
    owesDigests: plan.expectedUntil !== undefined,
    digestsSeen: 0,
    aborted: null,
    strictFindings: [],
    gaps: [],
    unreadable: [],
    listedLogs: [],
    listingOverflow: 0,
    referenced: new Set<string>(),
  };
  const referenced = facts.referenced as Set<string>;
  const identities = new Map<string, LogObjectIdentity>();
  let filesExamined = 0;
  let reusedLogs = 0;
  const base = { accountId: chain.accountId, region: chain.region, s3Bucket: bucket };

  const onVerdict = async (verdict: RunVerdict) => {
    if (verdict.kind !== "digest" || verdict.event.kind !== "gap") filesExamined += 1;
    if (verdict.kind === "digest") {
      const { event } = verdict;
      if (event.kind === "gap") {
        const between = `${formatDisplayDate(event.from)} and ${formatDisplayDate(event.to)}`;
        facts.gaps.push({ from: new Date(instantMs(event.from)), to: new Date(instantMs(event.to)), message: `No log files were delivered by CloudTrail between ${between}` });
        return;
      }
      facts.digestsSeen += 1;
      if (event.kind === "valid") for (const key of listedLogKeys(event.accepted.file.document)) referenced.add(key);
      if (event.kind === "unreadable") facts.unreadable.push({ key: event.key, error: event.error, kind: "digest" });
      await run.writer.add({
        ...base,
        kind: "digest",
        s3Key: event.key,
        fileTime: keyTime(event.key, "digest"),
        ...digestStatus(event),
        fingerprint: event.kind === "valid" ? String(event.accepted.file.document["digestPublicKeyFingerprint"] ?? "") : null,
      }, `verifying chain${where}`);
    } else if (verdict.kind === "unreadable-log") {
      const { log } = verdict;
      facts.unreadable.push({ key: log.key, error: log.error, kind: "log" });
      referenced.add(log.key); // listed by a valid digest: its finding is `unreadable`, not `log-unreferenced`
      await run.writer.add({
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
      await run.writer.add({
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

  // The log listing goes on while the chain is walked: a log file checked waits only for its own date folder, and
  // folders are listed newest first, as the walk needs them. Should a folder fail, its files fall back to conditional
  // GETs and the run fails with the error once the walk is over, as it would have before the walk.
  const proven = await provenLogs(run.database, bucket, chain.accountId, chain.region, run.full ? run.runId : undefined);
  profileMark("proven logs read");
  const files = new S3TrailFiles(plan.clients, chain.region, {
    locateBuckets: true,
    knownBucketRegions: run.knownBucketRegions,
    digestCache: run.digestCache,
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
  const scope = { prefix: trail.s3KeyPrefix, organizationId: plan.organizationId, accountId: chain.accountId, sourceRegion: chain.region, trailName: trail.name, homeRegion: trail.homeRegion };
  const result = await validateLogs(
    { trailArn: trail.arn, scope, bucket, start: utcPyDate(run.windowStart), end: utcPyDate(run.windowEnd), verbose: false },
    { digests: files, logs: files, publicKeys: new CloudTrailPublicKeys(plan.clients, chain.region) },
    // One object that cannot be read (denied, too large) is an `unreadable` verdict, not the end of the chain.
    { logConcurrency: logConcurrency(), onVerdict, continueOnUnreadable: true, ...(plan.expectedUntil ? { expectedUntil: plan.expectedUntil } : {}) },
  );
  profileMark("chain walked");
  await run.writer.drain();
  profileMark("verdicts stored");
  facts.listedLogs = [...(await listing.all).keys()];
  facts.listingOverflow = listing.overflow;
  facts.aborted = result.aborted;
  facts.strictFindings = result.findings;
  return { facts, exitCode: result.exitCode, filesExamined, reusedLogs, reusedDigests: files.reusedDigests };
}

/** The log files a valid digest lists. */
function listedLogKeys(document: Record<string, unknown>): string[] {
  const logFiles = document["logFiles"];
  return (Array.isArray(logFiles) ? logFiles : []).flatMap((entry) => {
    const object = (entry as { s3Object?: unknown }).s3Object;
    return typeof object === "string" ? [object] : [];
  });
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

function identityColumns(identity: LogObjectIdentity | undefined) {
  if (!identity) return {};
  return { etag: identity.etag, size: identity.size === null ? null : BigInt(identity.size), lastModified: identity.lastModified, versionId: identity.versionId };
}
