import Link from "next/link";
import { AcknowledgeAlertForm } from "@/components/acknowledge-alert-form";
import { utc } from "@/components/format";
import { ALERT_STATE_STYLE } from "@/components/status-style";
import { TableHead } from "@/components/table-head";
import type { AlertView } from "@/lib/data/alerts";

const link = "underline-offset-2 hover:underline";

/** Where an alert points: its file, trail, account and the run that last saw it. */
function AlertLinks({ alert }: { alert: AlertView }) {
  return (
    <ul className="space-y-0.5 text-xs">
      {alert.fileVerdictId !== null ? (
        <li>
          <Link href={`/files/${alert.fileVerdictId}`} className={link}>
            file
          </Link>
        </li>
      ) : null}
      {alert.trailId ? (
        <li>
          <Link href={`/trails/${alert.trailId}`} className={link}>
            trail {alert.trailName}
          </Link>
        </li>
      ) : null}
      {alert.accountId ? (
        <li>
          <Link href={`/accounts/${alert.accountId}`} className={link}>
            account {alert.accountId}
          </Link>
        </li>
      ) : null}
      <li>
        {/* An expired exception's alert comes from no run: it links to the Exceptions page (docs/exceptions.md). */}
        <Link href={alert.runKind === "validation" ? `/validations/${alert.runId}` : alert.runKind === "exception" ? "/exceptions" : "/scans"} className={link}>
          {alert.runKind === "exception" ? "exceptions" : `last ${alert.runKind}`}
        </Link>
      </li>
    </ul>
  );
}

function StateCell({ alert, canAcknowledge }: { alert: AlertView; canAcknowledge: boolean }) {
  const style = ALERT_STATE_STYLE[alert.state]!;
  return (
    <td className="px-3 py-2">
      <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${style.className}`}>
        <span aria-hidden>{style.symbol} </span>
        {style.label}
      </span>
      {alert.state === "acknowledged" ? (
        <div className="mt-1 max-w-56 text-xs text-slate-600">
          by {alert.acknowledgedBy}, {utc(alert.acknowledgedAt)}: “{alert.ackComment}”
        </div>
      ) : null}
      {alert.state === "resolved" ? <div className="mt-1 text-xs text-slate-600">{utc(alert.resolvedAt)}</div> : null}
      {alert.state === "open" && canAcknowledge ? (
        <div className="mt-2">
          <AcknowledgeAlertForm alertId={alert.id} title={alert.title} />
        </div>
      ) : null}
    </td>
  );
}

export function AlertsTable({ alerts, canAcknowledge, caption }: { alerts: AlertView[]; canAcknowledge: boolean; caption: string }) {
  return (
    <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
      <caption className="sr-only">{caption}</caption>
      <TableHead columns={["Alert", "Severity", "Where", "Seen", "State", "Links"]} />
      <tbody>
        {alerts.map((alert) => (
          <tr key={alert.id} className="border-t border-slate-100 align-top">
            <td className="max-w-md px-3 py-2">
              <Link href={`/alerts/${alert.id}`} className={`font-medium ${link}`}>
                {alert.title}
              </Link>
              <div className="text-xs text-slate-500">{alert.kind}</div>
              <div className="mt-1 break-words text-xs text-slate-700">{alert.reason}</div>
            </td>
            <td className="px-3 py-2">{alert.severity}</td>
            <td className="max-w-xs px-3 py-2 text-xs">
              <div>
                {alert.accountId ?? "—"} {alert.region ?? ""}
              </div>
              {alert.s3Uri ? <div className="break-all font-mono text-[11px] text-slate-600">{alert.s3Uri}</div> : null}
            </td>
            <td className="whitespace-nowrap px-3 py-2 text-xs">
              <div>first {utc(alert.firstSeen)}</div>
              <div>last {utc(alert.lastSeen)}</div>
              <div className="text-slate-500">
                {alert.timesSeen}× seen{alert.reopenedCount > 0 ? `, reopened ${alert.reopenedCount}×` : ""}
              </div>
            </td>
            <StateCell alert={alert} canAcknowledge={canAcknowledge} />
            <td className="px-3 py-2">
              <AlertLinks alert={alert} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
