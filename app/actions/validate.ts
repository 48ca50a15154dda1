"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { jobSender } from "@/lib/jobs/sender";
import { requestValidation } from "@/lib/jobs/requests";
import { trailsToValidate } from "@/lib/data/validation-targets";
import { AccessError, auditFailure, authorize, limitRate } from "@/lib/auth/guard";
import { requestContext } from "@/lib/auth/request-context";

export interface ValidateActionState {
  status: "idle" | "queued" | "error";
  message: string;
  runIds: string[];
}

const WINDOW_DAYS = [1, 7, 30, 90] as const;

/** Validation runs one person may request per 10 minutes (a heatmap selection requests one per trail). */
const VALIDATION_RATE = { max: 250, perMinutes: 10 };

const input = z.object({
  trailIds: z.array(z.uuid()).max(500).default([]),
  accountIds: z.array(z.string().regex(/^\d{12}$/)).max(1000).default([]),
  days: z.coerce.number().refine((d) => (WINDOW_DAYS as readonly number[]).includes(d), "window must be 1, 7, 30 or 90 days").default(7),
});

/**
 * "Validate now" on trails, on accounts (each account's own trails) or on a heatmap selection of accounts: records
 * a queued run per trail and enqueues its job, then returns at once. A trail already queued or running joins that
 * run. Only actors with the validate permission, at most 250 runs per 10 minutes each; every request, refusal and
 * failure is in the audit trail (the request's record in the same transaction as its run).
 */
export async function validateNow(_previous: ValidateActionState, form: FormData): Promise<ValidateActionState> {
  const parsed = input.safeParse({ trailIds: form.getAll("trailId"), accountIds: form.getAll("accountId"), days: form.get("days") ?? undefined });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "invalid request", runIds: [] };
  const database = db();
  const audit = await requestContext();
  // Every id, uncut: evidence reports find a request by the ids its target names (a cut id would name nothing).
  const target = [...parsed.data.trailIds, ...parsed.data.accountIds].join(",") || null;
  try {
    await authorize(database, audit, "validate", "validation.request", target);
    const trailIds = await trailsToValidate(database, parsed.data);
    await limitRate(database, audit, "validation.request", target, VALIDATION_RATE, trailIds.length);
    if (trailIds.length === 0) return { status: "error", message: "Nothing to validate: no trail with an S3 bucket in this selection. Scan first.", runIds: [] };
    const boss = await jobSender();
    const windowEnd = new Date();
    const windowStart = new Date(windowEnd.getTime() - parsed.data.days * 86_400_000);
    const outcomes = [];
    for (const trailId of trailIds) outcomes.push(await requestValidation(database, boss, { trailId, windowStart, windowEnd, trigger: `ui:${audit.actor.id}`, audit }));
    revalidatePath("/", "layout");
    const joined = outcomes.filter((o) => o.joined).length;
    const queued = outcomes.length - joined;
    const parts = [queued ? `${queued} validation${queued > 1 ? "s" : ""} queued` : "", joined ? `${joined} already running (following ${joined > 1 ? "them" : "it"})` : ""];
    return { status: "queued", message: parts.filter(Boolean).join("; ") + ".", runIds: outcomes.map((o) => o.runId) };
  } catch (error) {
    if (error instanceof AccessError) return { status: "error", message: error.message, runIds: [] };
    console.error("validation request failed", error);
    await auditFailure(database, audit, "validation.request", target, error);
    return { status: "error", message: "The validation could not be queued; see the server log.", runIds: [] };
  }
}
