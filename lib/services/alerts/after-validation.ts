import type { Database } from "@/lib/db/client";
import { overdueChains } from "@/lib/core/alerts/digest-watch";
import { chainId, FILE_KINDS, validationSighting } from "@/lib/core/alerts/validation-problems";
import { digestsExpectedUntil } from "@/lib/core/integrity/strict-findings";
import { knownAlerts } from "@/lib/db/alerts-repository";
import { badVerdicts, chainsWithVerdicts, examinedUris, newestDigests, runFindings, runToJudge } from "@/lib/db/alert-sources-repository";
import { raiseFromSighting, type AlertsOutcome } from "@/lib/services/alerts/raise-alerts";

// After a stored validation: its INVALID, missing and unreadable files, its findings, and the digest-delivery watch
// over the chains it walked, become alerts; what it examined again and found sound resolves theirs.

export async function raiseAlertsAfterValidation(database: Database, runId: string, now = new Date()): Promise<AlertsOutcome> {
  const run = await runToJudge(database, runId);
  if (!run || run.status === "queued" || run.status === "running") return { opened: [], touched: 0, resolved: 0 };
  const [verdicts, findings, withVerdicts] = await Promise.all([badVerdicts(database, runId), runFindings(database, runId), chainsWithVerdicts(database, runId)]);
  const aborted = new Set(findings.filter((f) => f.kind === "aborted").map((f) => chainId(f.accountId, f.region)));
  const walked = new Set(run.status === "failed" ? [] : withVerdicts.filter((chain) => !aborted.has(chain)));

  // The watch looks at every chain the run walked, and at those it expected and found without any digest.
  const watched = new Map<string, { accountId: string; region: string }>();
  for (const id of walked) {
    const [accountId = "", region = ""] = id.split("|");
    watched.set(id, { accountId, region });
  }
  for (const f of findings) if (f.kind === "chain-missing") watched.set(chainId(f.accountId, f.region), { accountId: f.accountId, region: f.region });
  const expectedUntil = digestsExpectedUntil(run.windowEnd, run.finishedAt ?? now);
  const overdue = run.status === "failed" ? [] : overdueChains(await newestDigests(database, runId, [...watched.values()]), expectedUntil);

  // Which files of the trail's active file alerts this run examined: only those can be resolved by it.
  const active = await knownAlerts(database, { runKind: "validation", keys: [], trailArn: run.trailArn });
  const fileUris = active.filter((a) => FILE_KINDS.has(a.kind) && a.s3Uri).map((a) => a.s3Uri!);
  const examined = new Set(await examinedUris(database, runId, fileUris));

  const sighting = validationSighting({ trailArn: run.trailArn, run, badVerdicts: verdicts, findings, overdue, walkedChains: walked, examinedUris: examined });
  return raiseFromSighting(database, { runKind: "validation", runId, at: run.finishedAt ?? now }, { trailArn: run.trailArn }, sighting);
}
