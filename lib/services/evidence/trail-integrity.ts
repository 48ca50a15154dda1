import type { Database } from "@/lib/db/client";
import { loadWindowIntegrity, type IntegrityTrail, type WindowIntegrity } from "@/lib/services/evidence/window-integrity";

// The trail page's integrity section: the same judgement as the evidence report (window-integrity.ts) over the last
// TRAIL_PAGE_DAYS days, the window the page's evidence export offers by default, so the two agree.

export const TRAIL_PAGE_DAYS = 30;
/** INVALID, missing and unreadable files the page lists; the evidence export lists them all. */
export const TRAIL_PAGE_FLAGGED = 200;

export interface TrailIntegrity extends WindowIntegrity {
  window: { from: Date; to: Date };
  /** One sentence on what the window's verdicts show; followed by `notCovered` whenever that is not empty. */
  headline: string;
}

export function integrityHeadline(integrity: WindowIntegrity, days: number): string {
  const period = `the last ${days} days`;
  if (integrity.runs.length === 0) return `No finished validation run covers ${period}: nothing in it is proven.`;
  const runs = `${integrity.runs.length} finished run${integrity.runs.length === 1 ? "" : "s"}`;
  if (integrity.flaggedTotal > 0) {
    const unreadable = integrity.regions.some((r) => r.digests.unreadable + r.logs.unreadable > 0);
    return `${integrity.flaggedTotal} INVALID${unreadable ? ", missing or unreadable" : " or missing"} file${integrity.flaggedTotal === 1 ? "" : "s"} in ${period}, each file judged by its latest verdict over ${runs}.`;
  }
  if (integrity.notCovered.length === 0) return `Every digest and log file of ${period} is valid: the latest verdict on each, over ${runs} that together covered every account and region of the trail.`;
  return `No INVALID or missing file among those ${runs} examined in ${period}; but they did not examine all of it, so this does not show that every file is valid:`;
}

export async function loadTrailIntegrity(database: Database, trail: IntegrityTrail, now = new Date()): Promise<TrailIntegrity> {
  const window = { from: new Date(now.getTime() - TRAIL_PAGE_DAYS * 86_400_000), to: now };
  const integrity = await loadWindowIntegrity(database, trail, window, { flaggedLimit: TRAIL_PAGE_FLAGGED });
  return { ...integrity, window, headline: integrityHeadline(integrity, TRAIL_PAGE_DAYS) };
}
