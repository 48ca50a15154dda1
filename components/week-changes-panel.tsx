import Link from "next/link";
import { utc } from "@/components/format";
import type { WeekChange, WeekChangeKind, WeekChanges } from "@/lib/data/week-changes";

// "What changed this week" (docs/trends.md): one list per kind, each entry a link to its drill-down.

/** Each kind's list, and where the rest of a long list is (every alert; every check that changed between scans). */
const KINDS: { kind: WeekChangeKind; title: string; empty: string; more?: string }[] = [
  { kind: "new-tampering", title: "New tampering", empty: "No integrity problem first seen this week.", more: "/alerts" },
  { kind: "new-failure", title: "New failures", empty: "No check started failing this week.", more: "/scans" },
  { kind: "fix", title: "Fixes", empty: "No failing check passed this week.", more: "/scans" },
  { kind: "new-exception", title: "New exceptions", empty: "No exception this week." },
  { kind: "expired-exception", title: "Expired exceptions", empty: "No exception expired this week." },
];

function detail(entry: WeekChange): string {
  if (entry.kind === "new-failure") return entry.before === null ? "failing (no earlier result)" : `${entry.before} → fail`;
  if (entry.kind === "fix") return "fail → pass";
  return utc(entry.at);
}

export function WeekChangesPanel({ changes }: { changes: WeekChanges }) {
  return (
    <section aria-labelledby="week-changes" className="space-y-2" data-testid="week-changes">
      <h2 id="week-changes" className="text-lg font-semibold">
        What changed this week
      </h2>
      <p className="text-sm text-slate-600">
        Since {changes.since} (UTC): each account&apos;s last scan against its last scan before then (an account first scanned this week: every failure is new), and
        integrity problems first seen by a validation.
      </p>
      <div className="grid gap-3 md:grid-cols-3">
        {KINDS.map(({ kind, title, empty, more }) => {
          const entries = changes.entries.filter((e) => e.kind === kind);
          // Exceptions have no source yet (lib/data/week-changes.ts): their lists show once the lead wires them.
          if ((kind === "new-exception" || kind === "expired-exception") && changes.totals[kind] === 0) return null;
          return (
            <div key={kind} className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
              <h3 className="font-semibold">
                {title} <span className="font-normal text-slate-500">({changes.totals[kind]})</span>
              </h3>
              {entries.length === 0 ? (
                <p className="mt-1 text-slate-500">{empty}</p>
              ) : (
                <ul className="mt-1 space-y-1">
                  {entries.map((entry, i) => (
                    <li key={`${entry.href}-${i}`}>
                      <Link href={entry.href} className="underline">
                        {entry.title}
                      </Link>{" "}
                      <span className="text-slate-600">
                        · {entry.subject} · {entry.severity} · {detail(entry)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {changes.totals[kind] > entries.length ? (
                <p className="mt-1 text-slate-500">
                  and {changes.totals[kind] - entries.length} more{more ? <> ({<Link href={more} className="underline">{more === "/alerts" ? "all alerts" : "scan history"}</Link>})</> : null}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
    </section>
  );
}
