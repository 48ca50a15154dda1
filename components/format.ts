/** "2026-12-02 19:04 UTC": one way to show times everywhere (auditors compare them with S3 keys, which are UTC). */
export function utc(date: Date | string | null | undefined): string {
  if (!date) return "—";
  return `${new Date(date).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
