import "server-only";
import { db } from "@/lib/db/client";
import { diffScans, listScanRuns } from "@/lib/db/scan-history-repository";
import { isUuid } from "@/lib/util/ids";

/** The scans, and the changes between `before` and `after` (default: the two latest finished scans). */
export async function getScanHistory(before?: string, after?: string) {
  const database = db();
  const runs = await listScanRuns(database);
  const finished = runs.filter((r) => r.status === "succeeded" || r.status === "partial");
  const afterId = after && isUuid(after) ? after : finished[0]?.id;
  // Default "before": the finished scan just older than "after" (runs are newest first), whichever "after" is.
  const afterIndex = finished.findIndex((r) => r.id === afterId);
  const beforeId = before && isUuid(before) ? before : afterIndex >= 0 ? finished[afterIndex + 1]?.id : finished.find((r) => r.id !== afterId)?.id;
  const changes = afterId && beforeId ? await diffScans(database, beforeId, afterId) : [];
  return { runs, beforeId, afterId, changes };
}
