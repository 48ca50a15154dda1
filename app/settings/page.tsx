import type { Metadata } from "next";
import { AccountSettingsForm } from "@/components/account-settings-form";
import { EmptyState } from "@/components/empty-state";
import { utc } from "@/components/format";
import { TableHead } from "@/components/table-head";
import { can } from "@/lib/auth/roles";
import { requireViewer } from "@/lib/auth/view-guard";
import { getAccountAccess } from "@/lib/data/account-settings";
import { NotificationChannels } from "@/components/notification-channels";
import { getNotificationChannels } from "@/lib/data/notification-channels";
import { getSchedule } from "@/lib/data/schedule";
import { ScheduleSettings } from "@/components/schedule-settings";
import { ApiTokens } from "@/components/api-tokens";
import { getApiTokens } from "@/lib/data/api-tokens";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const actor = await requireViewer();
  // API tokens are personal: everyone with a role manages their own here, administrators everyone's.
  const apiTokens = await getApiTokens(actor);
  if (!can(actor, "manage")) {
    return (
      <div className="space-y-6">
        <EmptyState title="Settings are for administrators">
          <p>Your role does not include changing how TrailProof reaches the accounts.</p>
        </EmptyState>
        <ApiTokens view={apiTokens} />
      </div>
    );
  }
  const [accounts, channels, schedule] = await Promise.all([getAccountAccess(), getNotificationChannels(), getSchedule()]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Settings</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          The accounts TrailProof audits and the read-only role it assumes in each (with its ExternalId). Accounts found through AWS Organizations
          appear here after a scan with <code>--organization</code>; add others by hand. Every change is in the audit trail (without the ExternalId).
        </p>
      </div>
      <section aria-labelledby="add-account" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="add-account" className="mb-3 text-base font-semibold">Add an account or change its access</h2>
        <AccountSettingsForm />
      </section>
      <table className="w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="Account access">
        <TableHead columns={["Account", "Found by", "Role to assume", "ExternalId", "Regions", "Changed"]} />
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id} className="border-t border-slate-100">
              <td className="px-3 py-2">
                {a.name} <span className="font-mono text-xs text-slate-500">{a.id}</span>
                {a.isDemo ? <span className="ml-1 text-xs text-slate-500">(demo)</span> : null}
              </td>
              <td className="px-3 py-2">{a.source === "organization" ? "AWS Organizations" : "configured"}</td>
              <td className="px-3 py-2 font-mono text-xs">{a.roleName}</td>
              <td className="px-3 py-2">{a.externalIdSet ? "set" : "none"}</td>
              <td className="px-3 py-2 text-xs">{a.regions.length ? a.regions.join(", ") : "every enabled region"}</td>
              <td className="px-3 py-2 text-xs">{utc(a.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <NotificationChannels channels={channels} />
      <ScheduleSettings schedule={schedule} />
      <ApiTokens view={apiTokens} />
    </div>
  );
}
