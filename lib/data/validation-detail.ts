import "server-only";
import { fileExceptionNotes } from "@/lib/services/exceptions/file-exception";
import { db } from "@/lib/db/client";
import { isUuid } from "@/lib/util/ids";
import { FLAGGED_FILE_STATUSES } from "@/lib/db/file-status";
import type { FileRow } from "@/components/file-verdicts-table";
import type { FlaggedFile } from "@/lib/services/evidence/report-model";
import { loadTrailIntegrity } from "@/lib/services/evidence/trail-integrity";

// A trail's validation page, a run's page and a file's page. INVALID and missing files come first everywhere (the
// file_status enum is declared worst-first).

const PAGE_SIZE = 200;

/** A flagged file of the window as the file table shows it (bucket and key apart, the verdict's id for its link). */
function toFileRow(file: FlaggedFile): FileRow {
  const split = (uri: string) => {
    const rest = uri.slice("s3://".length);
    return { bucket: rest.slice(0, rest.indexOf("/")), key: rest.slice(rest.indexOf("/") + 1) };
  };
  const { bucket, key } = split(file.s3Uri);
  return {
    id: BigInt(file.verdictId),
    kind: file.kind,
    status: file.status,
    reason: file.reason,
    accountId: file.accountId,
    region: file.region,
    s3Bucket: bucket,
    s3Key: key,
    fileTime: file.fileTime,
    expectedHash: file.expectedHash,
    actualHash: file.actualHash,
    digestKey: file.digestUri ? split(file.digestUri).key : null,
  };
}

/**
 * The trail page: its runs, and its integrity over the last 30 days judged as the evidence report judges it (each
 * file by its latest verdict over every finished run, and what no run covered), never from the latest run alone.
 */
export async function getTrailDetail(trailId: string) {
  if (!isUuid(trailId)) return null;
  const database = db();
  const trail = await database.trail.findUnique({ where: { id: trailId }, include: { account: { select: { id: true, name: true } } } });
  if (!trail) return null;
  const [runs, integrity] = await Promise.all([
    database.validationRun.findMany({ where: { trailId }, orderBy: { createdAt: "desc" }, take: 30 }),
    loadTrailIntegrity(database, trail),
  ]);
  return { trail, runs, integrity, problems: integrity.flaggedFiles.map(toFileRow) };
}

export async function getValidationRun(runId: string, page: number) {
  if (!isUuid(runId)) return null;
  const database = db();
  const run = await database.validationRun.findUnique({ where: { id: runId }, include: { trail: true, account: { select: { name: true } } } });
  if (!run) return null;
  const [files, problemTotal, findings, digests] = await Promise.all([
    database.fileVerdict.findMany({
      where: { runId, status: { in: FLAGGED_FILE_STATUSES } },
      orderBy: [{ status: "asc" }, { accountId: "asc" }, { region: "asc" }, { fileTime: "asc" }],
      skip: page * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
    database.fileVerdict.count({ where: { runId, status: { in: FLAGGED_FILE_STATUSES } } }),
    database.finding.findMany({ where: { runId }, orderBy: [{ kind: "asc" }, { accountId: "asc" }, { region: "asc" }, { fromTime: "asc" }], take: 500 }),
    // The digest timeline: one cell per digest, by account and region.
    database.fileVerdict.findMany({
      where: { runId, kind: "digest" },
      orderBy: [{ accountId: "asc" }, { region: "asc" }, { fileTime: "asc" }],
      select: { id: true, accountId: true, region: true, fileTime: true, status: true, reason: true, s3Key: true },
    }),
  ]);
  const timeline = new Map<string, typeof digests>();
  for (const digest of digests) {
    const key = `${digest.accountId} ${digest.region}`;
    timeline.set(key, [...(timeline.get(key) ?? []), digest]);
  }
  return { run, files, problemTotal, pageSize: PAGE_SIZE, findings, timeline: [...timeline.entries()] };
}

export async function getFileVerdict(id: string) {
  if (!/^\d{1,18}$/.test(id)) return null;
  const database = db();
  const file = await database.fileVerdict.findUnique({ where: { id: BigInt(id) }, include: { run: { include: { trail: true } }, account: { select: { name: true } } } });
  if (!file) return null;
  const [digest, history, findings] = await Promise.all([
    // The digest that lists this log file, as the same run judged it (its signature fingerprint among the rest).
    file.digestKey
      ? database.fileVerdict.findFirst({ where: { runId: file.runId, kind: "digest", s3Bucket: file.s3Bucket, s3Key: file.digestKey } })
      : null,
    database.fileVerdict.findMany({
      where: { s3Bucket: file.s3Bucket, s3Key: file.s3Key },
      orderBy: { checkedAt: "desc" },
      take: 20,
      select: { id: true, runId: true, status: true, reason: true, actualHash: true, etag: true, checkedAt: true },
    }),
    database.finding.findMany({ where: { runId: file.runId, s3Uri: `s3://${file.s3Bucket}/${file.s3Key}` } }),
  ]);
  const notes = await fileExceptionNotes(database, `s3://${file.s3Bucket}/${file.s3Key}`, { status: file.status, actualHash: file.actualHash, etag: file.etag, lastModified: file.lastModified });
  return { file, digest, history, findings, findingId: notes.findingId, exceptedBy: notes.exceptedBy, outgrownException: notes.outgrown };
}
