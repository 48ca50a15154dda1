import { utc } from "@/components/format";
import { NotificationChannelControls } from "@/components/notification-channel-controls";
import { NotificationChannelForm } from "@/components/notification-channel-form";
import { TableHead } from "@/components/table-head";
import type { NotificationChannelRow } from "@/lib/data/notification-channels";

/** Settings → Notifications: where newly opened alerts are sent, each channel's last attempt, and adding one. */
export function NotificationChannels({ channels }: { channels: NotificationChannelRow[] }) {
  return (
    <section aria-labelledby="notifications" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <div>
        <h2 id="notifications" className="text-base font-semibold">Notifications</h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Newly opened alerts are sent to every enabled channel: one e-mail or one webhook call per batch, signed (<code>X-TrailProof-Signature</code>),
          retried with backoff. Passwords and secrets are stored encrypted and never shown again.
        </p>
      </div>
      {channels.length > 0 ? (
        <table className="w-full text-sm" aria-label="Notification channels">
          <TableHead columns={["Channel", "Sends to", "Secret", "Last attempt", "Added", ""]} />
          <tbody>
            {channels.map((c) => (
              <tr key={c.id} className={`border-t border-slate-100 align-top ${c.enabled ? "" : "text-slate-400"}`}>
                <td className="px-3 py-2">
                  {c.kind === "email" ? "E-mail" : c.format === "slack" ? "Webhook (Slack)" : "Webhook"}
                  {c.enabled ? null : <span className="ml-1 text-xs">(disabled)</span>}
                  <div className="font-mono text-xs text-slate-500">{c.id}</div>
                </td>
                <td className="px-3 py-2 text-xs">{c.destination}</td>
                <td className="px-3 py-2">{c.secretSet ? "set" : "none"}</td>
                <td className="px-3 py-2 text-xs">
                  {c.last ? (
                    <>
                      <span className={c.last.status === "delivered" ? "text-emerald-700" : "text-red-700"}>{c.last.status}</span>
                      {c.last.test ? " (test)" : ""} {utc(c.last.at)}
                      {c.last.detail ? <div className="max-w-xs truncate text-slate-500" title={c.last.detail}>{c.last.detail}</div> : null}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="px-3 py-2 text-xs">
                  {utc(c.createdAt)}
                  <div className="text-slate-500">{c.createdBy}</div>
                </td>
                <td className="px-3 py-2">
                  <NotificationChannelControls id={c.id} enabled={c.enabled} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-600">No channel yet: alerts are shown in TrailProof only.</p>
      )}
      <NotificationChannelForm />
    </section>
  );
}
