import Link from "next/link";
import { notFound } from "next/navigation";
import { utc } from "@/components/format";
import { StatusBadge } from "@/components/status-legend";
import { CHECK_STATUS_STYLE, FILE_STATUS_STYLE } from "@/components/status-style";
import { can } from "@/lib/auth/roles";
import { getFileVerdict } from "@/lib/data/validation-detail";
import { TableHead } from "@/components/table-head";
import { requireViewer } from "@/lib/auth/view-guard";

export const dynamic = "force-dynamic";

export const metadata = { title: "File" };

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-all">{children}</dd>
    </>
  );
}

export default async function FilePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireViewer();
  const detail = await getFileVerdict((await params).id);
  if (!detail) notFound();
  const { file, digest, history, findings, findingId, exceptedBy, outgrownException } = detail;
  const uri = `s3://${file.s3Bucket}/${file.s3Key}`;
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/trails/${file.run.trailId}`} className="underline">{file.run.trail.name}</Link> /{" "}
          <Link href={`/validations/${file.runId}`} className="underline">validation {utc(file.run.createdAt)}</Link> / {file.kind} file
        </p>
        <h1 className="break-all font-mono text-lg font-semibold">{uri}</h1>
        <div className="mt-2 flex items-center gap-3">
          <StatusBadge style={FILE_STATUS_STYLE[file.status]!} />
          <span className="text-sm">{file.reason ?? (file.status === "valid" ? "its hash and its digest's signature check out" : "")}</span>
        </div>
        {exceptedBy ? (
          <div className="mt-2 flex items-center gap-3">
            <StatusBadge style={CHECK_STATUS_STYLE.excepted!} />
            <span className="text-sm">{exceptedBy}</span>
          </div>
        ) : null}
        {outgrownException ? (
          <p role="alert" className="mt-2 text-sm font-medium text-red-700">{outgrownException}</p>
        ) : null}
        {/* Only from the file's latest verdict: a proposal accepts the state the latest one gives. */}
        {!exceptedBy && file.status !== "valid" && history[0]?.id === file.id && can(actor, "propose") ? (
          <Link href={`/exceptions?scope=finding&findingId=${encodeURIComponent(findingId)}#propose`} className="mt-2 block text-sm underline">
            Propose an exception for this file
          </Link>
        ) : null}
      </div>
      <dl className="grid grid-cols-[12rem_1fr] gap-x-6 gap-y-2 text-sm">
        <Field label="Account">{file.account.name} ({file.accountId})</Field>
        <Field label="Region">{file.region}</Field>
        <Field label="Time in its key">{utc(file.fileTime)}</Field>
        {file.kind === "log" ? (
          <>
            <Field label="Expected SHA-256 (digest)"><code>{file.expectedHash ?? "—"}</code></Field>
            <Field label="Actual SHA-256 (file)"><code>{file.actualHash ?? "—"}</code></Field>
            <Field label="Listed by digest">{digest ? <Link href={`/files/${digest.id}`} className="font-mono text-xs underline">{file.digestKey}</Link> : <code className="text-xs">{file.digestKey ?? "—"}</code>}</Field>
            <Field label="That digest">{digest ? `${digest.status}${digest.reason ? `: ${digest.reason}` : ""}; signed with key ${digest.fingerprint ?? "—"}` : "—"}</Field>
          </>
        ) : (
          <Field label="Signing key fingerprint"><code>{file.fingerprint ?? "—"}</code></Field>
        )}
        <Field label="ETag / size">{file.etag ?? "—"} / {file.size === null ? "—" : `${file.size} bytes`}</Field>
        <Field label="Last modified / version">{utc(file.lastModified)} / {file.versionId ?? "—"}</Field>
        <Field label="Checked">{utc(file.checkedAt)}</Field>
      </dl>
      {findings.length > 0 ? (
        <section aria-labelledby="findings">
          <h2 id="findings" className="text-lg font-semibold">Findings about this file</h2>
          <ul className="mt-2 list-disc pl-5 text-sm">
            {findings.map((f) => (
              <li key={String(f.id)}>
                <code>{f.kind}</code>: {f.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="history">
        <h2 id="history" className="text-lg font-semibold">Every verdict on this file</h2>
        <table className="mt-2 w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="Verdict history">
          <TableHead columns={["Checked", "Status", "SHA-256 / ETag"]} />
          <tbody>
            {history.map((h) => (
              <tr key={String(h.id)} className="border-t border-slate-100">
                <td className="px-3 py-2"><Link href={`/validations/${h.runId}`} className="underline">{utc(h.checkedAt)}</Link></td>
                <td className="px-3 py-2">{h.status}{h.reason ? `: ${h.reason}` : ""}</td>
                <td className="px-3 py-2 font-mono text-[11px]">{h.actualHash ?? "—"} / {h.etag ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
