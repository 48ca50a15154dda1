import { SEVERITIES } from "@/lib/core/checks/types";
import type { AlertNotice } from "@/lib/services/alerts/alert-notice";
import { dateTime, esc } from "@/lib/services/evidence/html";

// What a batch of newly opened alerts looks like on each channel. One batch (the alerts one run opened) is one
// e-mail and one webhook call carrying them all, worst first: a run that finds 40 tampered files sends one digest,
// not 40 messages that bury each other. Pure: the same notices, URL and time give the same bytes.

export interface MessageContext {
  /** Where people reach TrailProof, without a trailing slash (public-url.ts). */
  publicUrl: string;
  /** A "Send test" message, marked as such everywhere so nobody acts on it. */
  test: boolean;
}

/** The most alerts a Slack message lists (Slack allows 50 blocks; the rest are counted, and linked). */
export const SLACK_LISTED = 20;

export function byWorstFirst(notices: readonly AlertNotice[]): AlertNotice[] {
  return [...notices].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.firstSeen.getTime() - b.firstSeen.getTime());
}

export function noticeLink(publicUrl: string, notice: AlertNotice): string {
  return publicUrl + (notice.path.startsWith("/") ? notice.path : `/${notice.path}`);
}

/** "111111111111 us-east-1 trail/org-trail": where the problem is, as far as the alert knows. */
export function scopeText(notice: AlertNotice): string {
  const trailName = notice.trailArn?.replace(/^arn:[^:]*:cloudtrail:[^:]*:\d{12}:/, "") ?? null;
  return [notice.accountId, notice.region, trailName].filter(Boolean).join(" ");
}

function headline(notice: AlertNotice): string {
  const scope = [notice.accountId, notice.region].filter(Boolean).join(" ");
  // The alert's title may already name its account; the scope is added only where it does not.
  return scope && !(notice.accountId && notice.title.includes(notice.accountId)) ? `${notice.title} in ${scope}` : notice.title;
}

/** `[TrailProof] HIGH: log file INVALID in 111111111111 us-east-1`, or for several the worst and how many more. */
export function emailSubject(notices: readonly AlertNotice[], context: MessageContext): string {
  const sorted = byWorstFirst(notices);
  const worst = sorted[0];
  if (!worst) throw new Error("no alerts to notify");
  const more = sorted.length > 1 ? ` and ${sorted.length - 1} more` : "";
  return `[TrailProof]${context.test ? " TEST" : ""} ${worst.severity.toUpperCase()}: ${headline(worst)}${more}`;
}

function noticeLines(notice: AlertNotice, publicUrl: string): string[] {
  return [
    `${notice.severity.toUpperCase()}: ${notice.title}`,
    `  What:  ${notice.reason}`,
    `  Where: ${scopeText(notice) || "the organization"}${notice.trailArn ? ` (${notice.trailArn})` : ""}`,
    ...(notice.s3Uri ? [`  File:  ${notice.s3Uri}`] : []),
    `  Since: ${dateTime(notice.firstSeen)} (last seen ${dateTime(notice.lastSeen)})`,
    `  Link:  ${noticeLink(publicUrl, notice)}`,
  ];
}

export function emailText(notices: readonly AlertNotice[], context: MessageContext): string {
  const sorted = byWorstFirst(notices);
  const intro = context.test
    ? "This is a test from TrailProof's Settings: the alert below is an example, nothing happened."
    : `TrailProof opened ${sorted.length === 1 ? "a new alert" : `${sorted.length} new alerts`}.`;
  const blocks = sorted.map((n) => noticeLines(n, context.publicUrl).join("\n"));
  return [intro, "", blocks.join("\n\n"), "", `All alerts: ${context.publicUrl}/alerts`, ""].join("\n");
}

export function emailHtml(notices: readonly AlertNotice[], context: MessageContext): string {
  const sorted = byWorstFirst(notices);
  const intro = context.test
    ? "This is a test from TrailProof's Settings: the alert below is an example, nothing happened."
    : `TrailProof opened ${sorted.length === 1 ? "a new alert" : `${sorted.length} new alerts`}.`;
  const row = (label: string, value: string) => `<tr><th align="left" style="padding:2px 8px 2px 0;color:#475569">${label}</th><td style="padding:2px 0">${value}</td></tr>`;
  const items = sorted.map((n) => {
    const link = noticeLink(context.publicUrl, n);
    return [
      `<h3 style="margin:16px 0 4px">${esc(n.severity.toUpperCase())}: ${esc(n.title)}</h3>`,
      `<table style="border-collapse:collapse;font-size:14px">`,
      row("What", esc(n.reason)),
      row("Where", `${esc(scopeText(n) || "the organization")}${n.trailArn ? `<br><code>${esc(n.trailArn)}</code>` : ""}`),
      n.s3Uri ? row("File", `<code>${esc(n.s3Uri)}</code>`) : "",
      row("Since", `${esc(dateTime(n.firstSeen))} (last seen ${esc(dateTime(n.lastSeen))})`),
      row("Link", `<a href="${esc(link)}">${esc(link)}</a>`),
      `</table>`,
    ].join("");
  });
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a"><p>${esc(intro)}</p>${items.join("")}<p><a href="${esc(context.publicUrl)}/alerts">All alerts</a></p></body></html>`;
}

export interface GenericAlert {
  id: string;
  kind: string;
  severity: string;
  state: string;
  title: string;
  reason: string;
  scope: { accountId: string | null; region: string | null; trailArn: string | null };
  s3Uri: string | null;
  firstSeen: string;
  lastSeen: string;
  link: string;
}

export interface GenericPayload {
  type: "trailproof.alerts";
  test: boolean;
  sentAt: string;
  alerts: GenericAlert[];
}

/** TrailProof's own JSON: every alert of the batch, worst first, with its scope and link (docs/notifications.md). */
export function genericPayload(notices: readonly AlertNotice[], context: MessageContext, sentAt: Date): GenericPayload {
  return {
    type: "trailproof.alerts",
    test: context.test,
    sentAt: sentAt.toISOString(),
    alerts: byWorstFirst(notices).map((n) => ({
      id: n.id,
      kind: n.kind,
      severity: n.severity,
      state: n.state,
      title: n.title,
      reason: n.reason,
      scope: { accountId: n.accountId, region: n.region, trailArn: n.trailArn },
      s3Uri: n.s3Uri,
      firstSeen: n.firstSeen.toISOString(),
      lastSeen: n.lastSeen.toISOString(),
      link: noticeLink(context.publicUrl, n),
    })),
  };
}

// Slack's mrkdwn treats &, < and > as markup (links are <url|text>): escaped as its documentation asks.
const mrkdwn = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export interface SlackPayload {
  text: string;
  blocks: object[];
}

/** `{"text", "blocks"}`: the fallback line notifications show, and a section per alert (at most SLACK_LISTED). */
export function slackPayload(notices: readonly AlertNotice[], context: MessageContext): SlackPayload {
  const sorted = byWorstFirst(notices);
  const text = emailSubject(sorted, context).replace(/^\[TrailProof\]/, "TrailProof");
  const sections = sorted.slice(0, SLACK_LISTED).map((n) => ({
    type: "section",
    text: {
      type: "mrkdwn",
      text: [
        `*${mrkdwn(n.severity.toUpperCase())}: <${noticeLink(context.publicUrl, n)}|${mrkdwn(n.title)}>*`,
        mrkdwn(n.reason),
        `Where: ${mrkdwn(scopeText(n) || "the organization")}`,
        ...(n.s3Uri ? [`File: \`${mrkdwn(n.s3Uri)}\``] : []),
        `Since ${dateTime(n.firstSeen)}`,
      ].join("\n").slice(0, 3000),
    },
  }));
  const rest = sorted.length - sections.length;
  const footer = rest > 0 ? [{ type: "context", elements: [{ type: "mrkdwn", text: `and ${rest} more: <${context.publicUrl}/alerts|all alerts>` }] }] : [];
  return { text, blocks: [{ type: "header", text: { type: "plain_text", text: text.slice(0, 150) } }, ...sections, ...footer] };
}
