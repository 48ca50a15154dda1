import { keyTimeOrNull } from "@/lib/core/integrity/keys";

// Where a stored run looks for a window's files, and which listed objects belong to the window, from their names. Pure.

/** A file's time for its stored verdict; the epoch for a name that carries none. */
export function keyTime(key: string, kind: "digest" | "log"): Date {
  return keyTimeOrNull(key, kind) ?? new Date(0);
}

/** The trail's date folders (…/CloudTrail/{region}/YYYY/MM/DD/) that the window touches. */
export function dayFolders(root: string, start: Date, end: Date): string[] {
  const folders: string[] = [];
  for (let day = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); day <= end.getTime(); day += 86_400_000) {
    folders.push(`${root}${new Date(day).toISOString().slice(0, 10).replaceAll("-", "/")}/`);
  }
  return folders;
}

/**
 * A listed object of the window's date folders that belongs to the window: its name's time is in it, or its name
 * carries no time at all (whoever wrote it there chose the name, so it cannot be placed outside the window by it).
 */
export function listedInWindow(key: string, start: Date, end: Date): boolean {
  const time = keyTimeOrNull(key, "log");
  return time === null || (time.getTime() >= start.getTime() && time.getTime() <= end.getTime());
}
