/** "2026-12-02 19:04 UTC": one way to show times everywhere (auditors compare them with S3 keys, which are UTC). */
export function utc(date: Date | string | null | undefined): string {
  if (!date) return "—";
  return `${new Date(date).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The last `days` whole UTC days up to today, as YYYY-MM-DD: the evidence export's default window. */
export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  return { from: new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) };
}
