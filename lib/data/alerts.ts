import "server-only";
import { z } from "zod";
import { SEVERITIES } from "@/lib/core/checks/types";
import { db } from "@/lib/db/client";
import { alertFacets, alertsById, countOpenAlerts, listAlerts, type AlertFilters, type AlertRow } from "@/lib/db/alerts-repository";

// The Alerts page's reads: filters from the URL (a bad value is ignored, not an error page), the alerts with the
// trail ids their links need, and the header's count.

const filtersSchema = z.object({
  state: z.enum(["open", "acknowledged", "resolved"]).optional().catch(undefined),
  severity: z.enum(SEVERITIES).optional().catch(undefined),
  kind: z.string().regex(/^[a-z-]{1,40}$/).optional().catch(undefined),
  account: z.string().regex(/^\d{12}$/).optional().catch(undefined),
});

export function parseAlertFilters(params: Record<string, string | string[] | undefined>): AlertFilters {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;
  const parsed = filtersSchema.parse({ state: first(params.state), severity: first(params.severity), kind: first(params.kind), account: first(params.account) });
  return { state: parsed.state, severity: parsed.severity, kind: parsed.kind, accountId: parsed.account };
}

export type AlertView = AlertRow & { trailId: string | null; trailName: string | null };

async function withTrails(alerts: AlertRow[]): Promise<AlertView[]> {
  const arns = [...new Set(alerts.map((a) => a.trailArn).filter((arn): arn is string => arn !== null))];
  const trails = arns.length ? await db().trail.findMany({ where: { arn: { in: arns } }, select: { id: true, arn: true, name: true } }) : [];
  const byArn = new Map(trails.map((t) => [t.arn, t]));
  return alerts.map((alert) => ({ ...alert, trailId: byArn.get(alert.trailArn ?? "")?.id ?? null, trailName: byArn.get(alert.trailArn ?? "")?.name ?? null }));
}

export const ALERTS_SHOWN = 500;

export async function getAlertsPage(filters: AlertFilters) {
  const [alerts, facets] = await Promise.all([listAlerts(db(), filters, ALERTS_SHOWN), alertFacets(db())]);
  return { alerts: await withTrails(alerts), facets };
}

export async function getAlert(id: string): Promise<AlertView | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [alert] = await alertsById(db(), [id]);
  return alert ? ((await withTrails([alert]))[0] ?? null) : null;
}

export function getOpenAlertCount(): Promise<number> {
  return countOpenAlerts(db());
}
