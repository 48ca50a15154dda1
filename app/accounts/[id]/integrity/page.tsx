import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusLegend } from "@/components/status-legend";
import { INTEGRITY_STATUS_STYLE } from "@/components/status-style";
import { getAccountDay } from "@/lib/data/account-day";
import { requireViewer } from "@/lib/auth/view-guard";

export const dynamic = "force-dynamic";

export const metadata = { title: "Integrity by hour" };

const HOURS = Array.from({ length: 24 }, (_, h) => h);

export default async function AccountDayPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ day?: string }> }) {
  await requireViewer();
  const detail = await getAccountDay((await params).id, (await searchParams).day);
  if (!detail) notFound();
  const { account, day, regions, problems } = detail;
  const regionNames = Object.keys(regions).sort();
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          <Link href="/integrity" className="underline">Integrity</Link> / <Link href={`/accounts/${account.id}`} className="underline">{account.name}</Link> / {day}
        </p>
        <h1 className="text-2xl font-semibold">
          {account.name} on {day}, by region and hour (UTC)
        </h1>
      </div>
      <StatusLegend styles={INTEGRITY_STATUS_STYLE} title="Integrity statuses" />
      {regionNames.length === 0 ? (
        <p className="text-sm text-slate-600">No file of this account was validated for this day.</p>
      ) : (
        <table className="border-separate border-spacing-0.5 rounded-lg border border-slate-200 bg-white text-sm" aria-label="Files by region and hour">
          <thead>
            <tr>
              <th scope="col" className="px-3 text-left font-medium text-slate-600">Region</th>
              {HOURS.map((h) => (
                <th key={h} scope="col" className="w-6 text-center text-[10px] font-normal text-slate-500">
                  {String(h).padStart(2, "0")}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {regionNames.map((region) => (
              <tr key={region}>
                <th scope="row" className="px-3 text-left font-mono text-xs font-normal">{region}</th>
                {HOURS.map((h) => {
                  const cell = regions[region]![h];
                  const style = INTEGRITY_STATUS_STYLE[cell?.status ?? "none"]!;
                  const text = cell ? `${region} ${String(h).padStart(2, "0")}:00: ${cell.valid} valid, ${cell.invalid} invalid, ${cell.missing} missing` : `${region} ${h}:00: no file`;
                  return (
                    <td key={h} className={`h-7 w-6 rounded text-center text-xs ${style.className}`} title={text} aria-label={text}>
                      <span aria-hidden>{style.symbol}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {problems.length > 0 ? (
        <section aria-labelledby="problems">
          <h2 id="problems" className="text-lg font-semibold">INVALID and missing files that day</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {problems.map((p) => (
              <li key={String(p.id)}>
                <Link href={`/files/${p.id}`} className="break-all font-mono text-xs underline">s3://{p.s3Bucket}/{p.s3Key}</Link> — {p.status}: {p.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
