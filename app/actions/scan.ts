"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { jobSender } from "@/lib/jobs/sender";
import { requestScan } from "@/lib/jobs/requests";
import { AccessError, auditFailure, authorize, limitRate } from "@/lib/auth/guard";
import { requestContext } from "@/lib/auth/request-context";

export interface ScanActionState {
  status: "idle" | "queued" | "error";
  message: string;
  scanId?: string;
}

const SCAN_RATE = { max: 10, perMinutes: 10 };

// Thin: authorize, record the scan and enqueue its job (its audit record in the same transaction), then return at
// once; the worker carries it out. useActionState passes the previous state first.
export async function scanNow(): Promise<ScanActionState> {
  const database = db();
  const audit = await requestContext();
  try {
    await authorize(database, audit, "scan", "scan.request", "organization");
    await limitRate(database, audit, "scan.request", "organization", SCAN_RATE);
    const outcome = await requestScan(database, await jobSender(), `ui:${audit.actor.id}`, audit);
    revalidatePath("/");
    return {
      status: "queued",
      scanId: outcome.runId,
      message: outcome.joined ? "A scan is already queued or running: following it." : "Scan queued: every account will be read again.",
    };
  } catch (error) {
    if (error instanceof AccessError) return { status: "error", message: error.message };
    await auditFailure(database, audit, "scan.request", "organization", error);
    if (error instanceof Error && error.message === "no accounts to scan yet") return { status: "error", message: "There are no accounts to scan yet." };
    console.error("scan request failed", error);
    return { status: "error", message: "The scan could not be queued; see the server log." };
  }
}
