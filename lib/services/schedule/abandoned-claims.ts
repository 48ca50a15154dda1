import type { Database } from "@/lib/db/client";
import { SCHEDULE_ACTOR } from "@/lib/auth/roles";
import { dropClaim, recordClaimRun, type SlotKind, unrecordedClaims } from "@/lib/db/schedule-repository";

// A slot is claimed (schedule_slots, runId null), its run requested, then the run recorded on the claim. A worker
// killed between the claim and the record would leave the slot claimed for ever and its run never started, since the
// claim alone makes the slot "taken". So a claim is a lease: one older than CLAIM_LEASE_MS without a run is
// abandoned. If its worker did request the run (the request's audit record by the schedule, written in the same
// transaction as the run, names it), the claim gets that run: the slot is not run twice. Otherwise the claim is
// dropped and the slot is due again, at once, in the same tick.

/** Claiming, requesting and recording take milliseconds; a live worker is never this slow. */
export const CLAIM_LEASE_MS = 2 * 60_000;

/** The audit action each kind's request records, and the detail field that names the run it made or joined. */
const REQUEST_RECORD: Record<SlotKind, { action: string; runField: string }> = {
  validate: { action: "validation.request", runField: "runId" },
  scan: { action: "scan.request", runField: "scanId" },
  export: { action: "evidence.export.request", runField: "exportId" },
};

/** The run a scheduled request for this target made (or joined) since `since`, from its audit record. */
async function requestedRun(database: Database, kind: SlotKind, target: string, since: Date): Promise<string | null> {
  const { action, runField } = REQUEST_RECORD[kind];
  // Validations are audited under the trail's ARN; the slot names the trail by id.
  const auditTarget = kind === "validate" ? (await database.trail.findUnique({ where: { id: target }, select: { arn: true } }))?.arn : target;
  if (!auditTarget) return null;
  const record = await database.auditEvent.findFirst({
    where: { actor: SCHEDULE_ACTOR.id, action, target: auditTarget, outcome: { in: ["succeeded", "joined"] }, at: { gte: since } },
    orderBy: { at: "asc" },
    select: { detail: true },
  });
  const runId = (record?.detail as Record<string, unknown> | undefined)?.[runField];
  return typeof runId === "string" ? runId : null;
}

export interface SettledClaim {
  kind: SlotKind;
  target: string;
  slot: Date;
  /** "recorded": its run had been requested; "dropped": it had not, and the slot is due again. */
  outcome: "recorded" | "dropped";
  runId?: string;
}

/** Settles every claim abandoned by a worker that died before recording its run. Safe with several workers at once. */
export async function settleAbandonedClaims(database: Database, now: Date): Promise<SettledClaim[]> {
  const settled: SettledClaim[] = [];
  for (const claim of await unrecordedClaims(database, new Date(now.getTime() - CLAIM_LEASE_MS))) {
    const kind = claim.kind as SlotKind;
    const runId = await requestedRun(database, kind, claim.target, claim.claimedAt);
    const base = { kind, target: claim.target, slot: claim.slot };
    if (runId !== null) {
      if (await recordClaimRun(database, claim, runId)) settled.push({ ...base, outcome: "recorded", runId });
    } else if (await dropClaim(database, claim)) {
      settled.push({ ...base, outcome: "dropped" });
    }
  }
  return settled;
}
