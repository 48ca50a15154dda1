import type { Database } from "@/lib/db/client";
import { locateFlaggedFile, storedFindings, type FindingLocation } from "@/lib/db/exceptions-repository";
import { findingId } from "@/lib/services/export/finding-id";

// A finding-scoped exception names its finding by the export id (finding-id.ts), the one a team copies from an OCSF,
// ASFF or CSV export. Proposing it resolves that id to a stored file verdict or strict finding, so an id that names
// nothing TrailProof has seen is refused with a clear message, and the exception knows its account, trail and day
// (where the integrity heatmap shows it).

export async function locateFinding(database: Database, id: string): Promise<FindingLocation | null> {
  const [, type, hash = ""] = id.split("/");
  if (type === "file") return locateFlaggedFile(database, hash);
  for (const f of await storedFindings(database)) {
    const candidate = findingId({ type: "integrity", kind: f.kind, trailArn: f.arn, accountId: f.account_id, region: f.region, s3Uri: f.s3_uri, fromTime: f.from_time, toTime: f.to_time, message: f.message });
    if (candidate === id) return { accountId: f.account_id, trailArn: f.arn, objectTime: f.from_time ?? f.to_time, findingKind: f.kind, label: `${f.kind} in ${f.account_id} ${f.region}${f.s3_uri ? `: ${f.s3_uri}` : f.from_time ? ` from ${f.from_time.toISOString()}` : ""}` };
  }
  return null;
}
