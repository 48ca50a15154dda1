"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { AccessError, auditFailure, authorize } from "@/lib/auth/guard";
import { requestContext } from "@/lib/auth/request-context";
import { acknowledge, AlertNotOpenError } from "@/lib/services/alerts/acknowledge";

export interface AcknowledgeState {
  status: "idle" | "done" | "error";
  message: string;
}

const input = z.object({
  alertId: z.uuid("unknown alert"),
  comment: z.string().trim().min(3, "say why in a few words (at least 3 characters)").max(1000, "keep the comment under 1,000 characters"),
});

/** Acknowledge an open alert with a comment: operators and administrators; recorded in the audit trail. */
export async function acknowledgeAlertAction(_previous: AcknowledgeState, form: FormData): Promise<AcknowledgeState> {
  const database = db();
  const audit = await requestContext();
  const parsed = input.safeParse({ alertId: form.get("alertId"), comment: form.get("comment") ?? "" });
  const target = parsed.success ? parsed.data.alertId : null;
  try {
    await authorize(database, audit, "acknowledge", "alert.acknowledge", target);
  } catch (error) {
    if (error instanceof AccessError) return { status: "error", message: error.message };
    throw error;
  }
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "invalid acknowledgement" };
  try {
    await acknowledge(database, audit, parsed.data.alertId, parsed.data.comment);
  } catch (error) {
    if (error instanceof AlertNotOpenError) return { status: "error", message: error.message };
    console.error("acknowledging an alert failed", error);
    await auditFailure(database, audit, "alert.acknowledge", parsed.data.alertId, error);
    return { status: "error", message: "The alert could not be acknowledged; see the server log." };
  }
  revalidatePath("/", "layout"); // the header's count of open alerts, and the pages
  return { status: "done", message: "Acknowledged." };
}
