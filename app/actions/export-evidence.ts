"use server";

import { z } from "zod";
import { db } from "@/lib/db/client";
import { AccessError, auditFailure, authorize, limitRate } from "@/lib/auth/guard";
import { requestContext } from "@/lib/auth/request-context";
import { requestExport } from "@/lib/jobs/export-job";
import { jobSender } from "@/lib/jobs/sender";
import { scopeSchema, windowSchema } from "@/lib/services/evidence/scope";

export type ExportEvidenceState =
  | { status: "idle" }
  | { status: "queued"; exportId: string }
  | { status: "error"; message: string };

const EXPORT_RATE = { max: 10, perMinutes: 10 };

const inputSchema = z.object({ scope: scopeSchema, window: windowSchema });

function field(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" && value !== "" ? value : undefined;
}

// Thin: parse, authorize, queue the export job (lib/jobs/export-job.ts) and return its id for the page to follow. Dates come from <input type="date"> as whole UTC days: `to` includes its whole day.
export async function exportEvidenceAction(_previous: ExportEvidenceState, form: FormData): Promise<ExportEvidenceState> {
  const to = field(form, "to");
  const parsed = inputSchema.safeParse({
    scope: { kind: field(form, "scopeKind"), accountId: field(form, "accountId"), trailArn: field(form, "trailArn") },
    window: { from: field(form, "from"), to: to && /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59.999Z` : to },
  });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "The scope or the window is not valid." };
  const database = db();
  const audit = await requestContext();
  const target = parsed.data.scope.kind === "organization" ? "organization" : parsed.data.scope.kind === "account" ? parsed.data.scope.accountId : parsed.data.scope.trailArn;
  try {
    await authorize(database, audit, "export", "evidence.export", target);
    // Counted on the request records: exports still queued count too.
    await limitRate(database, audit, "evidence.export.request", target, EXPORT_RATE);
    const exportId = await requestExport(database, await jobSender(), { ...parsed.data, requestedBy: `${audit.actor.name} (${audit.actor.id})`, audit, target });
    return { status: "queued", exportId };
  } catch (error) {
    if (error instanceof AccessError) return { status: "error", message: error.message };
    await auditFailure(database, audit, "evidence.export", target, error);
    console.error("evidence export could not be queued", error);
    return { status: "error", message: "The export could not be queued; see the server log." };
  }
}
