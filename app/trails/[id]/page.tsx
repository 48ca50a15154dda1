import Link from "next/link";
import { notFound } from "next/navigation";
import { FileVerdictsTable } from "@/components/file-verdicts-table";
import { UnreadableKeyFindings } from "@/components/unreadable-key-findings";
import { ExportEvidenceButton } from "@/components/export-evidence-button";
import { lastDays, utc } from "@/components/format";
import { ValidateNowButton } from "@/components/validate-now-button";
import { ValidationRunsTable } from "@/components/validation-runs-table";
import { getTrailDetail } from "@/lib/data/validation-detail";
import { TRAIL_PAGE_DAYS } from "@/lib/services/evidence/trail-integrity";
import { requireViewer } from "@/lib/auth/view-guard";
import { currentActor } from "@/lib/auth/request-context";
import { can } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  if (!can(await currentActor(), "view")) return { title: "Trail" }; // the page itself sends them to sign-in
  const detail = await getTrailDetail((await params).id);
  return { title: detail ? `Trail ${detail.trail.name}` : "Trail" };
}

export default async function TrailPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireViewer();
  const detail = await getTrailDetail((await params).id);
  if (!detail) notFound();
  const { trail, runs, integrity, problems } = detail;
  const activeRunIds = runs.filter((r) => r.status === "queued" || r.status === "running").map((r) => r.id);
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-slate-500">
          <Link href="/" className="underline">Overview</Link> / <Link href={`/accounts/${trail.account.id}`} className="underline">{trail.account.name}</Link> / trail
        </p>
        <h1 className="text-2xl font-semibold">{trail.name}</h1>
        <p className="break-all font-mono text-xs text-slate-500">{trail.arn}</p>
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-4">
          <dt className="text-slate-500">Home region</dt>
          <dd>{trail.homeRegion}</dd>
          <dt className="text-slate-500">Scope</dt>
          <dd>{trail.isOrganizationTrail ? "organization trail" : "account trail"}, {trail.isMultiRegion ? "multi-region" : "single region"}</dd>
          <dt className="text-slate-500">Bucket</dt>
          <dd className="break-all font-mono text-xs">{trail.s3BucketName ?? "none"}{trail.s3KeyPrefix ? `/${trail.s3KeyPrefix}` : ""}</dd>
          <dt className="text-slate-500">Log file validation</dt>
          <dd>{trail.logFileValidation ? "on" : "off: CloudTrail writes no digests, nothing can be proven"}</dd>
        </dl>
      </div>

      <section aria-labelledby="validate" className="space-y-3">
        <h2 id="validate" className="text-lg font-semibold">Validate the log files</h2>
        {trail.s3BucketName ? (
          <ValidateNowButton target={{ trailIds: [trail.id] }} activeRunIds={activeRunIds} mayStart={can(actor, "validate")} />
        ) : (
          <p className="text-sm text-slate-600">This trail delivers to no S3 bucket: there is nothing to validate.</p>
        )}
      </section>

      <section aria-labelledby="problems" className="space-y-3">
        <h2 id="problems" className="text-lg font-semibold">INVALID and missing files, last {TRAIL_PAGE_DAYS} days</h2>
        <p className="text-sm text-slate-700">
          {integrity.headline} <span className="text-slate-500">({utc(integrity.window.from)} – {utc(integrity.window.to)})</span>
        </p>
        {integrity.notCovered.length > 0 && integrity.runs.length > 0 ? (
          <ul className="list-disc space-y-1 pl-5 text-sm text-amber-900" aria-label="Not covered by any validation run">
            {integrity.notCovered.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        ) : null}
        <UnreadableKeyFindings findings={integrity.findings} />
        {problems.length > 0 ? (
          <>
            {integrity.flaggedTotal > problems.length ? (
              <p className="text-sm text-slate-600">The first {problems.length} of {integrity.flaggedTotal} are listed; the evidence export lists every one.</p>
            ) : null}
            <FileVerdictsTable files={problems} caption={`INVALID and missing files of the last ${TRAIL_PAGE_DAYS} days`} />
          </>
        ) : null}
      </section>

      <section aria-labelledby="evidence" className="space-y-3">
        <h2 id="evidence" className="text-lg font-semibold">Evidence</h2>
        <ExportEvidenceButton scope={{ kind: "trail", trailArn: trail.arn }} defaultFrom={lastDays(30).from} defaultTo={lastDays(30).to} mayExport={can(actor, "export")} />
      </section>

      <section aria-labelledby="runs" className="space-y-3">
        <h2 id="runs" className="text-lg font-semibold">Validation runs</h2>
        <ValidationRunsTable runs={runs} caption={`Validation runs of ${trail.name}`} />
      </section>
    </div>
  );
}
