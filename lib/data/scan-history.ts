import "server-only";
import { db } from "@/lib/db/client";
import { diffScans, listScanRuns } from "@/lib/db/scan-history-repository";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The scans, and the changes between `before` and `after` (default: the two latest finished scans). */
export async function getScanHistory(before?: string, after?: string) {
  const database = db();
  const runs = await listScanRuns(database);
  const finished = runs.filter((r) => r.status === "succeeded" || r.status === "partial");
  const afterId = after && uuid.test(after) ? after : finished[0]?.id;
  const beforeId = before && uuid.test(before) ? before : finished.find((r) => r.id !== afterId)?.id;
  const changes = afterId && beforeId ? await diffScans(database, beforeId, afterId) : [];
  return { runs, beforeId, afterId, changes };
}
