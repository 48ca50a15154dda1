"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { scanKnownAccounts } from "@/lib/services/scan/run-scan";

export interface ScanActionState {
  status: "idle" | "done" | "error";
  message: string;
}

// Thin: the service does the work. Who may scan is enforced here once sign-in exists (see the access issue).
// useActionState passes the previous state first; a scan does not depend on it.
export async function scanNow(): Promise<ScanActionState> {
  try {
    const outcome = await scanKnownAccounts(db(), "ui");
    revalidatePath("/");
    if (outcome.joined) return { status: "done", message: "A scan is already running; its results appear here when it ends." };
    const { report } = outcome;
    const problems = report.accounts.filter((a) => a.status !== "succeeded").length;
    return {
      status: "done",
      message: `Scanned ${report.accounts.length} accounts and ${report.trails.length} trails${problems ? `; ${problems} could not be read completely` : ""}.`,
    };
  } catch (error) {
    console.error("scan failed", error);
    const message = error instanceof Error && error.message === "no accounts to scan yet" ? "There are no accounts to scan yet." : "The scan could not run; see the server log.";
    return { status: "error", message };
  }
}
