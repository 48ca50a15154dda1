"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { jobSender } from "@/lib/jobs/sender";
import { requestScan } from "@/lib/jobs/requests";

export interface ScanActionState {
  status: "idle" | "queued" | "error";
  message: string;
  scanId?: string;
}

// Thin: record the scan and enqueue its job, then return at once; the worker carries it out. Who may scan is
// enforced here once sign-in exists (see the access issue). useActionState passes the previous state first.
export async function scanNow(): Promise<ScanActionState> {
  try {
    const outcome = await requestScan(db(), await jobSender(), "ui");
    revalidatePath("/");
    return {
      status: "queued",
      scanId: outcome.runId,
      message: outcome.joined ? "A scan is already queued or running: following it." : "Scan queued: every account will be read again.",
    };
  } catch (error) {
    if (error instanceof Error && error.message === "no accounts to scan yet") return { status: "error", message: "There are no accounts to scan yet." };
    console.error("scan request failed", error);
    return { status: "error", message: "The scan could not be queued; see the server log." };
  }
}
