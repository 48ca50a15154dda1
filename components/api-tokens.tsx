import { ApiTokenForm } from "@/components/api-token-form";
import { ApiTokenRevoke } from "@/components/api-token-revoke";
import { utc } from "@/components/format";
import { TableHead } from "@/components/table-head";
import type { ApiTokensView } from "@/lib/data/api-tokens";

const STATE_STYLE = { active: "text-emerald-700", expired: "text-slate-500", revoked: "text-red-700" } as const;

/** Settings → API tokens: personal tokens for the read-only API (docs/api.md), their use, creating and revoking. */
export function ApiTokens({ view }: { view: ApiTokensView }) {
  return (
    <section aria-labelledby="api-tokens" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <div>
        <h2 id="api-tokens" className="text-base font-semibold">API tokens</h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Personal tokens for the read-only HTTP API under <code>/api/v1</code> (described at <a className="underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a>). A token
          reads with at most the role you give it, never more than yours, now or later; it expires, and every use is counted. Creating and revoking are in the audit trail.
          {view.seesAll ? " As an administrator you see and can revoke everyone's tokens." : null}
        </p>
      </div>
      {view.tokens.length > 0 ? (
        <table className="w-full text-sm" aria-label="API tokens">
          <TableHead columns={["Token", "Role", "Created", "Expires", "Last used", "Uses", "State", ""]} />
          <tbody>
            {view.tokens.map((t) => (
              <tr key={t.id} className="border-t border-slate-100 align-top">
                <td className="px-3 py-2">
                  {t.name}
                  <div className="font-mono text-xs text-slate-500">{t.prefix}…</div>
                </td>
                <td className="px-3 py-2 text-xs">{t.roles.join(", ")}</td>
                <td className="px-3 py-2 text-xs">
                  {utc(t.createdAt)}
                  <div className="text-slate-500">{t.createdByName}</div>
                </td>
                <td className="px-3 py-2 text-xs">{utc(t.expiresAt)}</td>
                <td className="px-3 py-2 text-xs">{utc(t.lastUsedAt)}</td>
                <td className="px-3 py-2 text-xs">{t.useCount}</td>
                <td className={`px-3 py-2 text-xs ${STATE_STYLE[t.state]}`}>{t.state}</td>
                <td className="px-3 py-2">{t.state === "revoked" ? null : <ApiTokenRevoke id={t.id} prefix={t.prefix} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-600">No token yet.</p>
      )}
      <ApiTokenForm roles={view.roles} />
    </section>
  );
}
