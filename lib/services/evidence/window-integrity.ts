import type { Database } from "@/lib/db/client";
import * as repo from "@/lib/db/window-integrity-repository";
import { s3Uri, type RegionCounts, type ReportFinding, type WindowIntegrity } from "@/lib/services/evidence/report-model";
import { coverageGaps, judgeCoverage } from "@/lib/services/evidence/window-coverage";

// One trail's integrity over a window, for the evidence report and the trail page alike: every file by its latest
// verdict over all finished runs of the trail, the findings no later run superseded, and what no run covered.

export type { WindowIntegrity };

export interface IntegrityTrail extends repo.TrailShape {
  arn: string;
}

/** Called before the flagged files are read, with their count: lets a caller refuse a window too large for it. */
export type FlaggedGuard = (flaggedTotal: number) => void;

function regionCounts(counts: repo.VerdictCount[], findings: ReportFinding[]): RegionCounts[] {
  const regions = new Map<string, RegionCounts>();
  for (const row of counts) {
    const key = `${row.accountId} ${row.region}`;
    const zero = () => ({ valid: 0, invalid: 0, missing: 0, unreadable: 0 });
    const entry = regions.get(key) ?? { accountId: row.accountId, region: row.region, digests: zero(), logs: zero(), gaps: 0 };
    entry[row.kind === "digest" ? "digests" : "logs"][row.status] += row.n;
    regions.set(key, entry);
  }
  for (const finding of findings.filter((f) => f.kind === "gap")) {
    const entry = regions.get(`${finding.accountId} ${finding.region}`);
    if (entry) entry.gaps += 1;
  }
  return [...regions.values()];
}

async function fingerprintsOf(database: Database, flagged: repo.FlaggedVerdict[]): Promise<Map<string, string | null>> {
  const keysByBucket = new Map<string, Set<string>>();
  for (const f of flagged) if (f.kind === "log" && f.digestKey) keysByBucket.set(f.s3Bucket, (keysByBucket.get(f.s3Bucket) ?? new Set()).add(f.digestKey));
  const found = new Map<string, string | null>();
  for (const [bucket, keys] of keysByBucket) {
    for (const [key, fingerprint] of await repo.latestDigestFingerprints(database, bucket, [...keys])) found.set(s3Uri(bucket, key), fingerprint);
  }
  return found;
}

export async function loadWindowIntegrity(
  database: Database,
  trail: IntegrityTrail,
  window: repo.Window,
  options: { accountId?: string; flaggedLimit: number; beforeFlagged?: FlaggedGuard },
): Promise<WindowIntegrity> {
  const { accountId } = options;
  const runRows = await database.validationRun.findMany({
    where: { trailId: trail.id, windowStart: { lte: window.to }, windowEnd: { gte: window.from } },
    select: { id: true, status: true, windowStart: true, windowEnd: true, finishedAt: true, error: true, digestsDone: true, digestsTotal: true, logsDone: true, logsTotal: true },
    orderBy: { createdAt: "desc" },
  });
  const active = (status: string) => status === "queued" || status === "running";
  const runs = runRows.filter((r) => !active(r.status)).map(({ id, status, windowStart, windowEnd, finishedAt, error }) => ({ id, status, windowStart, windowEnd, finishedAt, error }));
  const newest = runRows.find((r) => active(r.status));
  const inProgress = newest ? { id: newest.id, status: newest.status, done: newest.digestsDone + newest.logsDone, total: newest.digestsTotal + newest.logsTotal } : null;

  const [counts, findingRows, spans, expected] = await Promise.all([
    repo.latestVerdictCounts(database, trail.id, window, accountId),
    repo.currentFindings(database, trail.id, window, accountId),
    repo.coveredSpans(database, trail.id, window, accountId),
    repo.expectedAccounts(database, trail, accountId),
  ]);
  const findings = findingRows.map((f) => ({ ...f, trailArn: trail.arn }));
  const flaggedTotal = counts.filter((c) => c.status !== "valid").reduce((n, c) => n + c.n, 0);
  options.beforeFlagged?.(flaggedTotal);
  const flagged = flaggedTotal > 0 ? await repo.latestFlaggedVerdicts(database, trail.id, window, accountId, options.flaggedLimit) : [];
  const fingerprints = await fingerprintsOf(database, flagged);
  const coverage = judgeCoverage(window, expected, spans);

  return {
    runs,
    inProgress,
    regions: regionCounts(counts, findings),
    flaggedFiles: flagged.map((f) => {
      const digestUri = f.digestKey ? s3Uri(f.s3Bucket, f.digestKey) : null;
      return {
        verdictId: f.id,
        runId: f.runId,
        trailArn: trail.arn,
        accountId: f.accountId,
        region: f.region,
        kind: f.kind,
        status: f.status,
        s3Uri: s3Uri(f.s3Bucket, f.s3Key),
        reason: f.reason,
        expectedHash: f.expectedHash,
        actualHash: f.actualHash,
        etag: f.etag,
        lastModified: f.lastModified,
        fileTime: f.fileTime,
        digestUri,
        fingerprint: f.kind === "digest" ? f.fingerprint : digestUri ? (fingerprints.get(digestUri) ?? null) : null,
      };
    }),
    flaggedTotal,
    findings,
    coverage,
    notCovered: coverageGaps(coverage, expected.length),
  };
}
