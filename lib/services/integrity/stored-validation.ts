import path from "node:path";
import { dataDir } from "@/lib/data-dir";
import type { Sql } from "@/lib/db/sql";
import { rollUpValidationRun } from "@/lib/db/integrity-days-repository";
import { createValidationRun, finishValidationRun, hasFindings, hasVerdicts, recordFindings, startValidationRun } from "@/lib/db/validations-repository";
import { ChainListings } from "@/lib/services/integrity/chain-listings";
import { chainFindings } from "@/lib/services/integrity/chain-findings";
import { DigestFileCache } from "@/lib/services/integrity/digest-cache";
import { capFindings } from "@/lib/services/integrity/finding-cap";
import { walkStoredChain, type ChainRun, type ChainWalk } from "@/lib/services/integrity/stored-chain";
import { planStoredRun, type StoredRunPlan } from "@/lib/services/integrity/stored-run-plan";
import { VerdictWriter } from "@/lib/services/integrity/verdict-store";
import { profileMark } from "@/lib/util/profile";

// TrailProof's own validation (beyond the awscli-compatible command): one run covers every region a trail should
// deliver to and, for an organization trail, every member account, as the scans recorded them (chain-plan.ts: never
// as the bucket shows them, which whoever writes to it controls); verdicts, counters and findings are stored as the
// walk goes, so progress is visible and a killed run loses nothing it had checked. Incremental: a log file proven
// valid by an earlier run is not downloaded again while S3 reports the same ETag (a conditional GET answered 304); its
// proven hash is checked against what the digest says now. `full` turns that off. Likewise a digest the listing shows
// unchanged is read from the digest cache (and verified again) rather than fetched.
//
// plan (stored-run-plan.ts) → record the run → per chain: walk (stored-chain.ts), record its findings
// (chain-findings.ts) → finish: the run's status and the heatmap's days.

export interface StoredValidationInput {
  trailArn: string;
  windowStart: Date;
  windowEnd: Date;
  trigger: string;
  /** Restrict to these regions / accounts (default: every chain the scans say the trail should deliver). */
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

export interface ChainOutcome {
  accountId: string;
  region: string;
  exitCode: number;
  aborted: string | null;
}

export interface StoredValidationResult {
  runId: string;
  status: "succeeded" | "partial" | "failed";
  chains: ChainOutcome[];
  /** Log files not downloaded again: proven valid by an earlier run, and S3 says unchanged (same ETag). */
  reusedLogs: number;
  /** Digests not downloaded again: unchanged since an earlier run fetched them (verified again all the same). */
  reusedDigests: number;
}

export async function runStoredValidation(database: Sql, input: StoredValidationInput): Promise<StoredValidationResult> {
  const plan = await planStoredRun(database, input);
  profileMark(`chains planned (${plan.chains.length})`);
  const listings = new ChainListings(plan, input.windowStart, input.windowEnd);
  const runId = await recordRunStart(database, plan, input);
  input.onRunStarted?.(runId);
  profileMark("run recorded");
  const run: ChainRun = {
    database,
    plan,
    runId,
    windowStart: input.windowStart,
    windowEnd: input.windowEnd,
    full: input.full ?? false,
    writer: new VerdictWriter(database, runId),
    digestCache: input.full ? undefined : new DigestFileCache(path.join(dataDir(), "cache", "digests")),
    knownBucketRegions: new Map([[plan.bucket, plan.bucketRegion]]),
  };
  try {
    await recordUnexpectedFolders(database, plan, runId, Boolean(input.runId));
    const walks: ChainWalk[] = [];
    for (const [index, chain] of plan.chains.entries()) {
      const walk = await walkStoredChain(run, chain, index, listings.of(index));
      await recordFindings(database, runId, capFindings(chainFindings(walk.facts)));
      walks.push(walk);
      profileMark("findings stored");
    }
    return await finishRun(database, plan, runId, walks, Boolean(input.runId));
  } catch (error) {
    listings.stop();
    await run.writer.drain().catch(() => undefined); // what was checked is stored before the run is marked failed
    await finishValidationRun(database, runId, "failed", error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/** A new run's row, or a recorded one (queued, or resumed) marked running again. */
async function recordRunStart(database: Sql, plan: StoredRunPlan, input: StoredValidationInput): Promise<string> {
  if (input.runId) {
    await startValidationRun(database, input.runId, plan.regions);
    return input.runId;
  }
  return createValidationRun(database, {
    trailId: plan.trail.id,
    accountId: plan.reader.id,
    regions: plan.regions,
    windowStart: input.windowStart,
    windowEnd: input.windowEnd,
    trigger: input.trigger,
    full: input.full ?? false,
  });
}

/** Folders nothing accounts for are reported, never walked: a decoy cannot stand in for a real chain. */
async function recordUnexpectedFolders(database: Sql, plan: StoredRunPlan, runId: string, resumed: boolean): Promise<void> {
  if (resumed && (await hasFindings(database, runId, "unexpected-prefix"))) return; // recorded before the run was cut short
  await recordFindings(database, runId, capFindings(plan.unexpected.map((u) => ({ accountId: u.accountId, region: u.region, kind: "unexpected-prefix", s3Uri: `s3://${plan.bucket}/${u.prefix}`, message: `unexpected folder in the trail's part of the bucket: ${u.why}` }))));
}

async function finishRun(database: Sql, plan: StoredRunPlan, runId: string, walks: ChainWalk[], resumed: boolean): Promise<StoredValidationResult> {
  const chains = walks.map((w) => ({ ...w.facts.chain, exitCode: w.exitCode, aborted: w.facts.aborted }));
  // A run that examined nothing proved nothing: never "succeeded" (resumed runs count what they stored before).
  const examinedNothing = walks.every((w) => w.filesExamined === 0) && !(resumed && (await hasVerdicts(database, runId)));
  const status = examinedNothing || chains.some((c) => c.aborted) ? "partial" : "succeeded";
  const problems = [
    ...(examinedNothing ? [`no digest or log file was examined (${plan.chains.length} chain${plan.chains.length === 1 ? "" : "s"} planned)`] : []),
    ...chains.filter((c) => c.aborted).map((c) => `${c.accountId} ${c.region}: ${c.aborted}`),
  ];
  await finishValidationRun(database, runId, status, problems.join("; ") || null);
  profileMark("run finished");
  // The integrity heatmap's days, whoever started the run (a job or the command line). The run's verdicts are stored
  // and it has ended: a failing rollup is reported, it does not turn the run into a failed one.
  await rollUpValidationRun(database, runId).catch((error: unknown) => console.error(`integrity heatmap rollup of run ${runId} failed`, error));
  profileMark("heatmap rolled up");
  const sum = (pick: (w: ChainWalk) => number) => walks.reduce((total, w) => total + pick(w), 0);
  return { runId, status, chains, reusedLogs: sum((w) => w.reusedLogs), reusedDigests: sum((w) => w.reusedDigests) };
}
