import type { CurrentFinding } from "@/lib/db/window-integrity-repository";

// The trail page's "could not read" findings: one per chain and KMS key the audit role may not use, each naming the
// key and the role and carrying the key-policy statement to add (lib/services/integrity/unreadable-findings.ts).
// The log files themselves are listed below as unreadable.

export function UnreadableKeyFindings({ findings }: { findings: readonly Pick<CurrentFinding, "accountId" | "region" | "kind" | "message">[] }) {
  const denied = findings.filter((f) => f.kind === "kms-denied");
  if (denied.length === 0) return null;
  return (
    <ul aria-label="Could not read" className="space-y-2">
      {denied.map((f) => (
        <li key={`${f.accountId} ${f.region} ${f.message}`} className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          <span className="font-medium">{f.accountId} · {f.region}:</span> <span className="break-words [overflow-wrap:anywhere]">{f.message}</span>
        </li>
      ))}
    </ul>
  );
}
