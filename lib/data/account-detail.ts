import "server-only";
import { db } from "@/lib/db/client";
import { checkById } from "@/lib/core/checks/registry";
import { computeScore } from "@/lib/core/checks/scoring";
import type { CheckStatus, Severity } from "@/lib/core/checks/types";
import { exceptionNote } from "@/lib/core/exceptions/apply";
import { coveringException } from "@/lib/core/exceptions/coverage";
import { activeExceptions } from "@/lib/db/exceptions-repository";

// The account page: its trails as its latest scan saw them (own and inherited organization trails), every check with
// status, reason, evidence and remediation, and the validation runs of the trails it owns or inherits.

export async function getAccountDetail(accountId: string) {
  if (!/^\d{12}$/.test(accountId)) return null;
  const database = db();
  // Never the ExternalId: what a page loads can end up in its HTML.
  const account = await database.account.findUnique({ where: { id: accountId }, omit: { externalId: true } });
  if (!account) return null;
  const latest = await database.scanAccount.findFirst({
    where: { accountId },
    orderBy: { scan: { createdAt: "desc" } },
    include: { scan: { select: { id: true, createdAt: true } } },
  });
  const results = latest
    ? await database.checkResult.findMany({
        where: { scanId: latest.scanId, accountId },
        include: { trail: true },
        orderBy: [{ trailId: "asc" }, { status: "asc" }],
      })
    : [];
  const issues = latest ? await database.scanIssue.findMany({ where: { scanId: latest.scanId, accountId } }) : [];
  // Exceptions active now: which failures they cover (shown beside the real verdict) and the score with them.
  const active = await activeExceptions(database, new Date());
  const noteOf = (result: (typeof results)[number]) => {
    if (result.status !== "fail") return null;
    const cover = coveringException(active, { type: "check", checkId: result.checkId, accountId, ouPath: account.ouPath, trailArn: result.trail?.arn ?? null });
    return cover ? exceptionNote(cover) : null;
  };
  const scoreWithExceptions = computeScore(results.map((r) => ({ status: r.status as CheckStatus, severity: r.severity as Severity, excepted: noteOf(r) !== null })), "with").score;
  const trails = new Map<string, { trail: NonNullable<(typeof results)[number]["trail"]>; inherited: boolean; checks: (ReturnType<typeof describe> & { exceptedBy: string | null })[] }>();
  for (const result of results) {
    if (!result.trail) continue;
    const entry = trails.get(result.trail.id) ?? { trail: result.trail, inherited: result.inherited, checks: [] };
    entry.checks.push({ ...describe(result), exceptedBy: noteOf(result) });
    trails.set(result.trail.id, entry);
  }
  const severityRank = ["critical", "high", "medium", "low", "informational"];
  for (const entry of trails.values()) {
    entry.checks.sort((a, b) => statusRank(a.status) - statusRank(b.status) || severityRank.indexOf(a.severity) - severityRank.indexOf(b.severity));
  }
  const trailIds = [...trails.keys()];
  const runs = await database.validationRun.findMany({
    where: { OR: [{ trailId: { in: trailIds } }, { trail: { accountId } }] },
    orderBy: { createdAt: "desc" },
    take: 20,
    include: { trail: { select: { name: true } } },
  });
  // Own trails first. The heatmap links to #check-<id>: that anchor goes on the row with the worst status for the
  // check (what the heatmap cell shows), and on one row only.
  const ordered = [...trails.values()].sort((a, b) => Number(a.inherited) - Number(b.inherited) || a.trail.name.localeCompare(b.trail.name));
  const anchors = new Map<string, { trailId: string; rank: number }>();
  for (const { trail, checks } of ordered) {
    for (const check of checks) {
      const known = anchors.get(check.checkId);
      if (!known || statusRank(check.status) < known.rank) anchors.set(check.checkId, { trailId: trail.id, rank: statusRank(check.status) });
    }
  }
  const withAnchors = ordered.map((entry) => ({
    ...entry,
    checks: entry.checks.map((check) => ({ ...check, anchor: anchors.get(check.checkId)?.trailId === entry.trail.id ? `check-${check.checkId}` : undefined })),
  }));
  return { account, latest, scoreWithExceptions, trails: withAnchors, issues, runs };
}

const STATUS_ORDER = ["fail", "error", "pass", "not_applicable"];
const statusRank = (status: string) => STATUS_ORDER.indexOf(status);

function describe(result: { checkId: string; status: string; severity: string; reason: string; evidence: unknown }) {
  const check = checkById(result.checkId);
  return {
    checkId: result.checkId,
    title: check?.title ?? result.checkId,
    status: result.status,
    severity: result.severity,
    reason: result.reason,
    evidence: result.evidence,
    remediation: check?.remediation ?? null,
    references: check?.references ?? {},
  };
}

export type AccountDetail = NonNullable<Awaited<ReturnType<typeof getAccountDetail>>>;
