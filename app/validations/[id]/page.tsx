import Link from "next/link";
import { notFound } from "next/navigation";
import { FileVerdictsTable } from "@/components/file-verdicts-table";
import { utc } from "@/components/format";
import { ValidationProgressView } from "@/components/run-progress";
import { StatusLegend } from "@/components/status-legend";
import { FILE_STATUS_STYLE } from "@/components/status-style";
import { getValidationRun } from "@/lib/data/validation-detail";
import { TableHead } from "@/components/table-head";
import { requireViewer } from "@/lib/auth/view-guard";

export const dynamic = "force-dynamic";

export const metadata = { title: "Validation run" };

/**
 * What "no INVALID or missing file" means for this run: never "every file is valid" when it examined nothing, or did
 * not read every chain (the trail page and the evidence report judge the whole window and say what no run covered).
 */
function noProblemsSentence(run: { status: string; digestsDone: number; logsDone: number }): string {
  if (run.status === "queued" || run.status === "running") return "None so far.";
  if (run.digestsDone + run.logsDone === 0) return "None, but this run examined no digest or log file: it proves nothing about its window.";
  if (run.status !== "succeeded") return `None among the files it checked; it ended ${run.status}, so not every account and region was read (see its findings).`;
  return "None: every digest and log file this run checked is valid.";
}

export default async function ValidationRunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string }> }) {
  await requireViewer();
  const page = Math.max(0, Number((await searchParams).page ?? 0) || 0);
  const detail = await getValidationRun((await params).id, page);
  if (!detail) notFound();
  const { run, files, problemTotal, pageSize, findings, timeline } = detail;
  const pages = Math.ceil(problemTotal / pageSize);
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-slate-500">
          <Link href="/" className="underline">Overview</Link> / <Link href={`/trails/${run.trailId}`} className="underline">{run.trail.name}</Link> / validation
        </p>
        <h1 className="text-2xl font-semibold">Validation of {run.trail.name}</h1>
        <p className="text-sm text-slate-600">
          Window {utc(run.windowStart)} – {utc(run.windowEnd)} · {run.regions.length ? run.regions.join(", ") : "regions found in the bucket"} · files read with the role of {run.account.name} ({run.accountId}) ·
          started {utc(run.startedAt)} by {run.trigger}
          {run.full ? " · full re-read" : ""}
        </p>
      </div>
      <ValidationProgressView runId={run.id} />

      <section aria-labelledby="files" className="space-y-3">
        <h2 id="files" className="text-lg font-semibold">
          INVALID and missing files ({problemTotal})
        </h2>
        {problemTotal === 0 ? (
          <p className="text-sm text-slate-700">{noProblemsSentence(run)}</p>
        ) : (
          <>
            <FileVerdictsTable files={files} caption="INVALID and missing files" />
            {pages > 1 ? (
              <nav aria-label="Pages of files" className="flex gap-3 text-sm">
                {page > 0 ? <Link href={`?page=${page - 1}`} className="underline">Previous</Link> : null}
                <span>
                  page {page + 1} of {pages}
                </span>
                {page + 1 < pages ? <Link href={`?page=${page + 1}`} className="underline">Next</Link> : null}
              </nav>
            ) : null}
          </>
        )}
      </section>

      <section aria-labelledby="findings" className="space-y-3">
        <h2 id="findings" className="text-lg font-semibold">
          Findings ({findings.length})
        </h2>
        <p className="text-sm text-slate-600">What the AWS CLI does not report: broken or skipped chain links, missing digests, log files no digest lists, data after the gzip stream, gaps in delivery.</p>
        {findings.length === 0 ? (
          <p className="text-sm text-slate-700">None.</p>
        ) : (
          <table className="w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="Findings">
            <TableHead columns={["Kind", "Where", "What"]} />
            <tbody>
              {findings.map((finding) => (
                <tr key={String(finding.id)} className="border-t border-slate-100 align-top">
                  <td className="px-3 py-2 font-mono text-xs">{finding.kind}</td>
                  <td className="px-3 py-2 text-xs">
                    {finding.accountId} · {finding.region}
                    {finding.s3Uri ? <div className="break-all font-mono">{finding.s3Uri}</div> : null}
                    {finding.fromTime ? <div>{utc(finding.fromTime)} – {utc(finding.toTime)}</div> : null}
                  </td>
                  <td className="px-3 py-2">{finding.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="timeline" className="space-y-3">
        <h2 id="timeline" className="text-lg font-semibold">Digest timeline</h2>
        <StatusLegend styles={FILE_STATUS_STYLE} title="Digest statuses" />
        {timeline.length === 0 ? <p className="text-sm text-slate-600">No digest checked yet.</p> : null}
        <div className="space-y-2">
          {timeline.map(([chain, digests]) => (
            <div key={chain}>
              <div className="font-mono text-xs text-slate-600">{chain}</div>
              <ol className="flex flex-wrap gap-0.5" aria-label={`Digests of ${chain}, oldest first`}>
                {digests.map((digest) => {
                  const style = FILE_STATUS_STYLE[digest.status]!;
                  const text = `${utc(digest.fileTime)}: ${style.label}${digest.reason ? ` (${digest.reason})` : ""}`;
                  return (
                    <li key={String(digest.id)}>
                      <Link href={`/files/${digest.id}`} title={text} aria-label={text} className={`flex h-6 w-4 items-center justify-center rounded-sm text-[10px] ${style.className}`}>
                        <span aria-hidden>{style.symbol}</span>
                      </Link>
                    </li>
                  );
                })}
              </ol>
            </div>
          ))}
        </div>
      </section>
    </div>
  );
}
