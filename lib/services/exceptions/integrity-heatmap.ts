import type { Database } from "@/lib/db/client";
import { activeExceptions, type ExceptionRow } from "@/lib/db/exceptions-repository";
import { queryIntegrityHeatmap, type HeatmapFilters, type IntegrityHeatmapRow } from "@/lib/db/heatmaps-repository";
import { dayProblems, type DayProblem } from "@/lib/db/integrity-days-repository";
import { exceptIntegrityCell, exceptionNote } from "@/lib/core/exceptions/apply";
import { coveringException, type CoveredSubject } from "@/lib/core/exceptions/coverage";
import { findingId } from "@/lib/services/export/finding-id";

// The integrity heatmap with the finding-scoped exceptions active now. A day shows as excepted only when each of its
// problems, named one by one (dayProblems), is covered by an active exception: its file in the state the exception
// accepted, its strict finding by its export id. Counting exceptions against problems is not enough: an exception
// for yesterday's missing file must not hide today's forged one on the same day. The counts stay as validated.

/** A problem as coverage judges it: a file with its state, a strict finding by its export id. */
function subjectOf(p: DayProblem): CoveredSubject {
  if (p.type === "file") return { type: "file", findingId: findingId({ type: "file", s3Uri: p.s3Uri }), state: { status: p.status, actualHash: p.actualHash, etag: p.etag, lastModified: p.lastModified } };
  return { type: "finding", findingId: findingId({ type: "integrity", kind: p.kind, trailArn: p.trailArn, accountId: p.accountId, region: p.region, s3Uri: p.s3Uri, fromTime: p.fromTime, toTime: p.toTime, message: p.message }) };
}

function noteOf(e: ExceptionRow): string {
  return `${e.findingLabel ?? e.findingId}: ${exceptionNote(e)}`;
}

export async function integrityHeatmapWithExceptions(
  database: Database,
  window: { from: Date; to: Date },
  filters: Pick<HeatmapFilters, "ou" | "q" | "region" | "page">,
  pageSize: number,
  now = new Date(),
): Promise<{ accounts: IntegrityHeatmapRow[]; matchingAccounts: number }> {
  const [heatmap, active] = await Promise.all([queryIntegrityHeatmap(database, window, filters, pageSize), activeExceptions(database, now)]);
  const findingExceptions = active.filter((e) => e.scope === "finding");
  // Only the days with problems of accounts an exception names can turn excepted: the others are not read again.
  const named = new Set(findingExceptions.map((e) => e.accountId));
  const candidates = heatmap.accounts
    .filter((a) => named.has(a.id))
    .flatMap((a) => Object.entries(a.days).filter(([, c]) => c.invalid + c.missing + c.gaps > 0).map(([day]) => ({ accountId: a.id, day })));
  if (candidates.length === 0) return heatmap;
  const covers = new Map<string, (string | null)[]>();
  for (const problem of await dayProblems(database, candidates, filters.region)) {
    const cover = coveringException(findingExceptions, subjectOf(problem));
    const key = `${problem.accountId} ${problem.day}`;
    const list = covers.get(key) ?? [];
    list.push(cover ? noteOf(cover) : null);
    covers.set(key, list);
  }
  return {
    ...heatmap,
    accounts: heatmap.accounts.map((a) => ({ ...a, days: Object.fromEntries(Object.entries(a.days).map(([day, cell]) => [day, exceptIntegrityCell(cell, covers.get(`${a.id} ${day}`) ?? [])])) })),
  };
}
