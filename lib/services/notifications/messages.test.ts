import { describe, expect, test } from "vitest";
import type { AlertNotice } from "@/lib/services/alerts/alert-notice";
import { emailHtml, emailSubject, emailText, genericPayload, SLACK_LISTED, slackPayload } from "@/lib/services/notifications/messages";

const TRAIL = "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail";
const invalid: AlertNotice = {
  id: "a1",
  kind: "file-invalid",
  severity: "high",
  state: "open",
  title: "log file INVALID",
  reason: "hash value doesn't match",
  accountId: "111111111111",
  region: "us-east-1",
  trailArn: TRAIL,
  s3Uri: "s3://logs/AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/05/f.json.gz",
  firstSeen: new Date("2026-12-05T10:00:00Z"),
  lastSeen: new Date("2026-12-05T12:00:00Z"),
  path: "/alerts/a1",
};
const overdue: AlertNotice = { ...invalid, id: "a2", kind: "digest-overdue", severity: "medium", title: "digest overdue <b>", reason: "no digest since 09:00 & counting", s3Uri: null, path: "/alerts/a2" };
const critical: AlertNotice = { ...invalid, id: "a3", kind: "check-failed", severity: "critical", title: "logging stopped for 222222222222", accountId: "222222222222", region: null, trailArn: null, s3Uri: null, path: "/alerts/a3" };
const context = { publicUrl: "https://trailproof.example.com", test: false };

describe("e-mail", () => {
  test.each([
    { label: "one alert: severity, title and scope", notices: [invalid], subject: "[TrailProof] HIGH: log file INVALID in 111111111111 us-east-1" },
    { label: "several: the worst and how many more", notices: [overdue, invalid, critical], subject: "[TrailProof] CRITICAL: logging stopped for 222222222222 and 2 more" },
  ])("subject, $label", ({ notices, subject }) => {
    expect(emailSubject(notices, context)).toBe(subject);
  });

  test("a test says so in the subject", () => {
    expect(emailSubject([invalid], { ...context, test: true })).toBe("[TrailProof] TEST HIGH: log file INVALID in 111111111111 us-east-1");
  });

  test("the text says what, where, since when, the file and the link, worst first", () => {
    const text = emailText([overdue, invalid], context);
    expect(text).toContain("TrailProof opened 2 new alerts.");
    expect(text).toContain("  What:  hash value doesn't match");
    expect(text).toContain(`  Where: 111111111111 us-east-1 trail/org-trail (${TRAIL})`);
    expect(text).toContain("  File:  s3://logs/AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/05/f.json.gz");
    expect(text).toContain("  Since: 2026-12-05 10:00:00 UTC (last seen 2026-12-05 12:00:00 UTC)");
    expect(text).toContain("  Link:  https://trailproof.example.com/alerts/a1");
    expect(text.indexOf("HIGH: log file INVALID")).toBeLessThan(text.indexOf("MEDIUM: digest overdue"));
  });

  test("the HTML escapes what alerts say", () => {
    const html = emailHtml([overdue], context);
    expect(html).toContain("digest overdue &lt;b&gt;");
    expect(html).toContain("no digest since 09:00 &amp; counting");
    expect(html).toContain('<a href="https://trailproof.example.com/alerts/a2">');
    expect(html).not.toContain("<b>");
  });
});

describe("webhook payloads", () => {
  test("generic JSON: every field of every alert, worst first, with its link", () => {
    const payload = genericPayload([overdue, invalid], context, new Date("2026-12-05T12:30:00Z"));
    expect(payload).toEqual({
      type: "trailproof.alerts",
      test: false,
      sentAt: "2026-12-05T12:30:00.000Z",
      alerts: [
        {
          id: "a1",
          kind: "file-invalid",
          severity: "high",
          state: "open",
          title: "log file INVALID",
          reason: "hash value doesn't match",
          scope: { accountId: "111111111111", region: "us-east-1", trailArn: TRAIL },
          s3Uri: "s3://logs/AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/05/f.json.gz",
          firstSeen: "2026-12-05T10:00:00.000Z",
          lastSeen: "2026-12-05T12:00:00.000Z",
          link: "https://trailproof.example.com/alerts/a1",
        },
        {
          id: "a2",
          kind: "digest-overdue",
          severity: "medium",
          state: "open",
          title: "digest overdue <b>",
          reason: "no digest since 09:00 & counting",
          scope: { accountId: "111111111111", region: "us-east-1", trailArn: TRAIL },
          s3Uri: null,
          firstSeen: "2026-12-05T10:00:00.000Z",
          lastSeen: "2026-12-05T12:00:00.000Z",
          link: "https://trailproof.example.com/alerts/a2",
        },
      ],
    });
  });

  test("Slack: a text fallback and a header, then one mrkdwn section per alert with Slack's escapes", () => {
    const payload = slackPayload([overdue], context);
    expect(payload.text).toBe("TrailProof MEDIUM: digest overdue <b> in 111111111111 us-east-1");
    expect(payload.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: payload.text } });
    expect(payload.blocks[1]).toEqual({
      type: "section",
      text: {
        type: "mrkdwn",
        text: "*MEDIUM: <https://trailproof.example.com/alerts/a2|digest overdue &lt;b&gt;>*\nno digest since 09:00 &amp; counting\nWhere: 111111111111 us-east-1 trail/org-trail\nSince 2026-12-05 10:00:00 UTC",
      },
    });
    expect(payload.blocks).toHaveLength(2);
  });

  test(`Slack lists at most ${SLACK_LISTED} alerts and counts the rest`, () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ ...invalid, id: `n${i}` }));
    const payload = slackPayload(many, context);
    expect(payload.blocks).toHaveLength(1 + 20 + 1);
    expect(payload.blocks.at(-1)).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: "and 5 more: <https://trailproof.example.com/alerts|all alerts>" }] });
  });
});
