// The smallest safe templating: every value goes through esc(); markup is only ever written by this module's callers.

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** An id usable as an HTML anchor and a PDF destination name: lowercase letters, digits and dashes. */
export function anchor(...parts: string[]): string {
  return parts.join("-").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

export function dateTime(date: Date | null | undefined): string {
  return date ? date.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC") : "—";
}

export function formatScore(score: number | null): string {
  return score === null ? "no score" : `${Math.round(score)} / 100`;
}

/** "1 trail", "2 trails". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
