import { TableHead } from "@/components/table-head";
import { TrendChart, type TrendChartKind } from "@/components/trend-chart";
import { TrendRangeLinks } from "@/components/trend-range-links";
import type { TrendPoint, TrendRange } from "@/lib/data/trends";

// Score, open failing checks by severity and integrity problems per UTC day (docs/trends.md): each chart a figure with
// a title and a description read with it, and every number in a table below (a chart alone is not accessible, and
// auditors want the figures).

type SearchParams = Record<string, string | string[] | undefined>;

const score = (value: number | null) => (value === null ? "no score" : `${Math.round(value)} / 100`);
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

function describeScore(points: TrendPoint[], subject: string): string {
  const known = points.filter((p) => p.score !== null);
  const scanned = points.filter((p) => p.accountsScanned > 0).length;
  const last = points.at(-1);
  if (!last || known.length === 0) return `${subject}: no score in these ${points.length} days (nothing scanned yet).`;
  const first = known[0]!;
  const from = first.day === last.day ? "" : `, from ${score(first.score)} on ${first.day}`;
  return `${subject} score ${score(last.score)} on ${last.day}${from}. ${scanned} of ${points.length} days had a scan; the days between carry the last scan forward.`;
}

function describeFailing(points: TrendPoint[]): string {
  const last = points.at(-1);
  if (!last) return "No days.";
  const worst = points.reduce((a, b) => (sum(b.failing) > sum(a.failing) ? b : a), last);
  const { critical, high, medium, low } = last.failing;
  return `${sum(last.failing)} open failing checks on ${last.day} (critical ${critical}, high ${high}, medium ${medium}, low ${low}); the most in the range: ${sum(worst.failing)} on ${worst.day}.`;
}

function describeIntegrity(points: TrendPoint[]): string {
  const validated = points.filter((p) => p.integrity.validated);
  const total = (key: "invalid" | "tampering" | "missing" | "gaps") => validated.reduce((n, p) => n + p.integrity[key], 0);
  return `${validated.length} of ${points.length} days validated. Over them: ${total("invalid")} INVALID files, ${total("tampering")} tampering findings, ${total("missing")} missing or unreadable files or digests, ${total("gaps")} gaps in delivery.`;
}

function Chart({ id, title, kind, points, description }: { id: string; title: string; kind: TrendChartKind; points: TrendPoint[]; description: string }) {
  return (
    <figure aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} className="rounded-lg border border-slate-200 bg-white p-3">
      <figcaption>
        <h3 id={`${id}-title`} className="text-sm font-semibold">
          {title}
        </h3>
        <p id={`${id}-desc`} className="text-xs text-slate-600">
          {description}
        </p>
      </figcaption>
      <div className="mt-2" data-testid={`${id}-chart`}>
        <TrendChart kind={kind} points={points} description={description} />
      </div>
    </figure>
  );
}

export function TrendsSection({ subject, points, range, params, organization }: { subject: string; points: TrendPoint[]; range: TrendRange; params: SearchParams; organization: boolean }) {
  const id = organization ? "org-trend" : "account-trend";
  return (
    <section aria-labelledby="trends" id="trends" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="trends" className="text-lg font-semibold">
            Trends
          </h2>
          <p className="text-sm text-slate-600">
            Per UTC day, from stored scans and validations. A day without a scan carries {organization ? "each account's" : "the"} last scan forward (dots mark days
            with a scan); {organization ? "the organization's score sums every account's weights, as the checklist score does" : "the score is the checklist score"}.
          </p>
        </div>
        <TrendRangeLinks params={params} selected={range} />
      </div>
      <div className="grid gap-3 lg:grid-cols-3">
        <Chart id={`${id}-score`} title="Score" kind="score" points={points} description={describeScore(points, subject)} />
        <Chart id={`${id}-failing`} title="Open failing checks by severity" kind="failing" points={points} description={describeFailing(points)} />
        <Chart id={`${id}-integrity`} title="Integrity problems per day of logs" kind="integrity" points={points} description={describeIntegrity(points)} />
      </div>
      <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
        <summary className="cursor-pointer font-medium">The numbers ({points.length} days)</summary>
        <div className="mt-2 max-h-96 overflow-auto">
          <table className="min-w-full text-right tabular-nums" data-testid={`${id}-table`}>
            <caption className="sr-only">{subject}: score, open failing checks and integrity problems per UTC day</caption>
            <TableHead
              columns={[
                "Day (UTC)",
                "Score",
                organization ? "Accounts scanned / known" : "Scanned that day",
                "Failing: critical",
                "high",
                "medium",
                "low",
                "informational",
                "INVALID files",
                "Tampering",
                "Missing",
                "Gaps",
              ]}
            />
            <tbody>
              {[...points].reverse().map((p) => (
                <tr key={p.day} className="border-t border-slate-100">
                  <th scope="row" className="px-3 py-1 text-left font-mono font-normal">
                    {p.day}
                  </th>
                  <td className="px-3 py-1">{p.score === null ? "—" : p.score.toFixed(1)}</td>
                  <td className="px-3 py-1">{organization ? `${p.accountsScanned} / ${p.accountsKnown}` : p.accountsScanned > 0 ? "yes" : p.accountsKnown > 0 ? "no (carried)" : "—"}</td>
                  {(["critical", "high", "medium", "low", "informational"] as const).map((severity) => (
                    // Before the first scan nothing is known: a dash, not a zero.
                    <td key={severity} className="px-3 py-1">
                      {p.accountsKnown > 0 ? p.failing[severity] : "—"}
                    </td>
                  ))}
                  {p.integrity.validated ? (
                    <>
                      <td className="px-3 py-1">{p.integrity.invalid}</td>
                      <td className="px-3 py-1">{p.integrity.tampering}</td>
                      <td className="px-3 py-1">{p.integrity.missing}</td>
                      <td className="px-3 py-1">{p.integrity.gaps}</td>
                    </>
                  ) : (
                    <td colSpan={4} className="px-3 py-1 text-slate-500">
                      not validated
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
