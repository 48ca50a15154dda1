import { EmptyState } from "@/components/empty-state";
import { ExceptionDecisionForm } from "@/components/exception-decision-form";
import { ExceptionProposeForm } from "@/components/exception-propose-form";
import { StatusBadge } from "@/components/status-legend";
import { EXCEPTION_STATE_STYLE } from "@/components/status-style";
import { can, type Actor } from "@/lib/auth/roles";
import { requireViewer } from "@/lib/auth/view-guard";
import { CHECKS } from "@/lib/core/checks/registry";
import { decisionRefusal, type Decision } from "@/lib/core/exceptions/decisions";
import { getExceptionsPage, type ExceptionListItem } from "@/lib/data/exceptions";

export const dynamic = "force-dynamic";

export const metadata = { title: "Exceptions" };

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

/** The decisions this person may take on it now: the same rules the service applies (lib/core/exceptions/decisions.ts). */
function openDecisions(actor: Actor, e: ExceptionListItem, now: Date): Decision[] {
  const decider = { id: actor.id, mode: actor.mode, isAdmin: can(actor, "approve") };
  return (["approve", "reject", "revoke"] as const).filter((d) => decisionRefusal(e, decider, d, now) === null);
}

export default async function ExceptionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireViewer();
  const params = await searchParams;
  const first = (key: string) => (typeof params[key] === "string" ? (params[key] as string) : undefined);
  const now = new Date();
  const exceptions = await getExceptionsPage(now);
  const defaultExpiry = day(new Date(now.getTime() + 90 * 86_400_000));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Exceptions</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          A documented, time-boxed acceptance of a failing check or an integrity finding. Operators propose, administrators approve (with sign-in,
          another person than the proposer). While approved and unexpired, the results it covers show as excepted and count apart in the score with
          exceptions; the verdicts stay stored and shown. At its expiry it stops applying by itself, with an audit record and an alert.
        </p>
      </div>
      {exceptions.length === 0 ? (
        <EmptyState title="No exception yet">
          <p>Every failure counts in every score.</p>
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">Exceptions, newest first</caption>
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
                <th scope="col" className="px-2 py-1">State</th>
                <th scope="col" className="px-2 py-1">Covers</th>
                <th scope="col" className="px-2 py-1">Justification</th>
                <th scope="col" className="px-2 py-1">Owner</th>
                <th scope="col" className="px-2 py-1">Proposed</th>
                <th scope="col" className="px-2 py-1">Approved</th>
                <th scope="col" className="px-2 py-1">Expires</th>
                <th scope="col" className="px-2 py-1">Decide</th>
              </tr>
            </thead>
            <tbody>
              {exceptions.map((e) => {
                const decisions = openDecisions(actor, e, now);
                return (
                  <tr key={e.id} id={`exception-${e.id}`} className="border-b border-slate-100 align-top scroll-mt-16 target:bg-amber-50" data-exception={e.id}>
                    <td className="px-2 py-1">
                      <StatusBadge style={EXCEPTION_STATE_STYLE[e.state]!} />
                      {e.state === "rejected" ? <div className="text-xs text-slate-600">by {e.rejectedByName}{e.rejectReason ? `: ${e.rejectReason}` : ""}</div> : null}
                      {e.state === "revoked" ? <div className="text-xs text-slate-600">by {e.revokedByName} {day(e.revokedAt)}: {e.revokeReason}</div> : null}
                    </td>
                    <td className="px-2 py-1 font-mono text-xs">{e.covers}</td>
                    <td className="max-w-sm px-2 py-1">{e.justification}</td>
                    <td className="px-2 py-1">{e.owner}</td>
                    <td className="whitespace-nowrap px-2 py-1 text-xs">
                      {e.proposedByName}
                      <div className="text-slate-500">{day(e.createdAt)}</div>
                    </td>
                    <td className="whitespace-nowrap px-2 py-1 text-xs">
                      {e.approvedByName ?? "—"}
                      <div className="text-slate-500">{day(e.approvedAt)}</div>
                    </td>
                    <td className="whitespace-nowrap px-2 py-1 text-xs">{day(e.expiresAt)}</td>
                    <td className="px-2 py-1">{decisions.length > 0 ? <ExceptionDecisionForm exceptionId={e.id} covers={e.covers} decisions={decisions} /> : null}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {can(actor, "propose") ? (
        <section aria-labelledby="propose" className="space-y-2">
          <h2 id="propose" className="text-lg font-semibold">
            Propose an exception
          </h2>
          <ExceptionProposeForm
            checks={CHECKS.map((c) => ({ id: c.id, title: c.title }))}
            defaults={{ scope: first("scope"), checkId: first("checkId"), accountId: first("accountId"), trailArn: first("trailArn"), ouPath: first("ouPath"), findingId: first("findingId") }}
            defaultExpiry={defaultExpiry}
          />
        </section>
      ) : null}
    </div>
  );
}
