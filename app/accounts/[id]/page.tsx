import Link from "next/link";
import { notFound } from "next/navigation";
import { ExportEvidenceButton } from "@/components/export-evidence-button";
import { lastDays, utc } from "@/components/format";
import { StatusBadge } from "@/components/status-legend";
import { CHECK_STATUS_STYLE } from "@/components/status-style";
import { ValidateNowButton } from "@/components/validate-now-button";
import { ValidationRunsTable } from "@/components/validation-runs-table";
import { getAccountDetail } from "@/lib/data/account-detail";
import { TableHead } from "@/components/table-head";
import { requireViewer } from "@/lib/auth/view-guard";
import { can } from "@/lib/auth/roles";
import { TrendsSection } from "@/components/trends-section";
import { getTrends, parseTrendRange } from "@/lib/data/trends";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Account ${(await params).id}` };
}

export default async function AccountPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireViewer();
  const detail = await getAccountDetail((await params).id);
  if (!detail) notFound();
  const query = await searchParams;
  const trendRange = parseTrendRange(query.trend);
  const trends = await getTrends(trendRange, detail.account.id);
  const { account, latest, scoreWithExceptions, trails, issues, runs } = detail;
  const mayPropose = can(actor, "propose");
  const ownTrailIds = trails.filter((t) => !t.inherited).map((t) => t.trail.id);
  const activeRunIds = runs.filter((r) => r.status === "queued" || r.status === "running").map((r) => r.id);
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-slate-500">
          <Link href="/" className="underline">Overview</Link> / account
        </p>
        <h1 className="text-2xl font-semibold">{account.name}</h1>
        <p className="mt-1 font-mono text-sm text-slate-600">
          {account.id} {account.ouPath ? <span className="font-sans">· {account.ouPath}</span> : null}
        </p>
        <p className="mt-2 text-sm">
          Score: <strong>{latest?.score === null || latest?.score === undefined ? "no score" : `${Math.round(latest.score)} / 100`}</strong>
          {latest && scoreWithExceptions !== latest.score ? (
            <>
              {" "}
              · with exceptions: <strong data-testid="score-with-exceptions">{scoreWithExceptions === null ? "no decided result" : `${Math.round(scoreWithExceptions)} / 100`}</strong>
            </>
          ) : null}{" "}
          · last scan {utc(latest?.scan.createdAt)}
          {latest?.error ? <span className="text-violet-800"> · {latest.error}</span> : null}
        </p>
      </div>

      {issues.length > 0 ? (
        <section aria-labelledby="issues" className="rounded-md border border-violet-200 bg-violet-50 p-4 text-sm">
          <h2 id="issues" className="font-semibold">What the last scan could not read</h2>
          <ul className="mt-2 list-disc pl-5">
            {issues.map((issue) => (
              <li key={String(issue.id)}>
                <code>{issue.call}</code> {issue.region ? `in ${issue.region}` : ""}: {issue.code} — {issue.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <TrendsSection subject={account.name} points={trends} range={trendRange} params={query} organization={false} />

      <section aria-labelledby="evidence" className="space-y-2">
        <h2 id="evidence" className="text-lg font-semibold">Evidence</h2>
        <ExportEvidenceButton scope={{ kind: "account", accountId: account.id }} defaultFrom={lastDays(30).from} defaultTo={lastDays(30).to} mayExport={can(actor, "export")} />
      </section>

      <section aria-labelledby="validate" className="space-y-2">
        <h2 id="validate" className="text-lg font-semibold">Log file integrity</h2>
        {ownTrailIds.length > 0 ? (
          <ValidateNowButton target={{ accountIds: [account.id] }} activeRunIds={activeRunIds} label="Validate this account's trails" mayStart={can(actor, "validate")} />
        ) : (
          <p className="text-sm text-slate-600">This account owns no trail; its logs are validated with the organization trail that covers it (below).</p>
        )}
        <ValidationRunsTable runs={runs} caption={`Validation runs of ${account.name}'s trails`} />
      </section>

      {trails.length === 0 ? (
        <p className="text-sm text-slate-600">No trail seen in the latest scan. Run “Scan now” from the overview.</p>
      ) : (
        trails.map(({ trail, inherited, checks }) => (
          <section key={trail.id} aria-labelledby={`trail-${trail.id}`} className="space-y-3">
            <h2 id={`trail-${trail.id}`} className="text-lg font-semibold">
              <Link href={`/trails/${trail.id}`} className="hover:underline">{trail.name}</Link>
              {inherited ? <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-xs font-normal">inherited organization trail</span> : null}
            </h2>
            <p className="break-all font-mono text-xs text-slate-500">{trail.arn}</p>
            <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
              <caption className="sr-only">Checks of {trail.name}</caption>
              <TableHead columns={["Check", "Status", "Reason and evidence", "Remediation"]} />
              <tbody>
                {checks.map((check) => (
                  <tr key={check.checkId} id={check.anchor} className="border-t border-slate-100 align-top target:bg-yellow-50">
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <div className="font-medium">{check.title}</div>
                      <div className="font-mono text-xs text-slate-500">
                        {check.checkId} · {check.severity}
                      </div>
                    </th>
                    <td className="px-3 py-2">
                      <StatusBadge style={CHECK_STATUS_STYLE[check.status] ?? CHECK_STATUS_STYLE.none!} />
                      {check.exceptedBy ? (
                        <div className="mt-1">
                          <StatusBadge style={CHECK_STATUS_STYLE.excepted!} />
                          <p className="mt-1 max-w-48 text-xs text-slate-600">{check.exceptedBy}</p>
                        </div>
                      ) : check.status === "fail" && mayPropose ? (
                        <Link href={`/exceptions?scope=trail&checkId=${check.checkId}&trailArn=${encodeURIComponent(trail.arn)}#propose`} className="mt-1 block text-xs underline">
                          Propose an exception
                        </Link>
                      ) : null}
                    </td>
                    <td className="px-3 py-2">
                      <p>{check.reason}</p>
                      <details className="mt-1 text-xs">
                        <summary className="cursor-pointer text-slate-600">Evidence</summary>
                        <pre className="mt-1 max-w-xl overflow-x-auto rounded bg-slate-50 p-2">{JSON.stringify(check.evidence, null, 2)}</pre>
                      </details>
                    </td>
                    <td className="px-3 py-2 text-xs text-slate-700">{check.status === "pass" || check.status === "not_applicable" ? "—" : check.remediation}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))
      )}
    </div>
  );
}
