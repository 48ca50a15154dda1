import { digestKeyDateText } from "@/lib/core/integrity/keys";

// Where a stored run looks for a window's files, and which listed objects belong to the window, from their names. Pure.

/** The time in a digest's or log file's name; null for a name that carries none (not one CloudTrail gives). */
export function keyTimeOrNull(key: string, kind: "digest" | "log"): Date | null {
  const text = kind === "digest" ? digestKeyDateText(key) : (/_(\d{8}T\d{4})Z_/.exec(key)?.[1] ?? "") + "00Z";
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
}

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
