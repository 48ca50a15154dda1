import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import nodemailer from "nodemailer";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import pg from "pg";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from "vitest";
import type PgBoss from "pg-boss";
import { LOCAL_ADMIN } from "@/lib/auth/roles";
import type { AuditContext } from "@/lib/db/audit-repository";
import { lastDeliveries, listDeliveries } from "@/lib/db/notifications-repository";
import { queueAlertNotices } from "@/lib/jobs/notify-job";
import { NOTIFY_QUEUE, startBoss } from "@/lib/jobs/queues";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import type { AlertNotice } from "@/lib/services/alerts/alert-notice";
import { addEmailChannel, addWebhookChannel, enableChannel, removeChannel, sealClearWebhookUrls } from "@/lib/services/notifications/channels";
import { decryptSecret, encryptSecret } from "@/lib/services/notifications/secret-box";
import { transportOptions } from "@/lib/services/notifications/email-sender";
import { sendTestNotice } from "@/lib/services/notifications/test-notice";
import { ownerDatabaseUrl, resetDatabase, testPrisma } from "@/lib/testing/database";
import { until } from "@/lib/testing/until";

// Notifications end to end: channels stored with their secrets encrypted, alerts queued on real pg-boss, the real
// worker sending through nodemailer to a real SMTP server (smtp-server, authentication required) and to a real HTTP
// receiver that checks every signature with its own HMAC, written here from the documented header format.

const SMTP_USER = "alerts";
const SMTP_PASSWORD = "smtp-pa55word-never-in-clear";
const WEBHOOK_SECRET = "whsec-never-in-clear-0123456789";
const LEGACY_ID = "00000000-0000-4000-8000-0000000000c1";
const PUBLIC_URL = "https://trailproof.test";
const audit: AuditContext = { actor: LOCAL_ADMIN, source: { ip: "127.0.0.1", userAgent: "notify test" } };

const prisma = testPrisma();
let sender: PgBoss;
let worker: RunningWorker;

// ---- a real SMTP server, authentication on ----
interface ReceivedMail {
  envelope: SMTPServerSession["envelope"];
  user: unknown;
  parsed: ParsedMail;
}
const mails: ReceivedMail[] = [];
const smtp = new SMTPServer({
  authOptional: false,
  allowInsecureAuth: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onAuth(auth, _session, callback) {
    if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
    const error = Object.assign(new Error("Invalid username or password"), { responseCode: 535 });
    callback(error);
  },
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((parsed) => {
        mails.push({ envelope: session.envelope, user: session.user, parsed });
        callback();
      })
      .catch(callback);
  },
});
let smtpPort = 0;

// ---- a real HTTP receiver: answers each path with its scripted statuses in turn, records every request ----
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
const scripts = new Map<string, number[]>();
const receiver = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const path = request.url ?? "/";
    received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
    if (path === "/endless") {
      // A status, then a body that never ends: TrailProof must read its start and hang up.
      response.writeHead(503);
      const timer = setInterval(() => response.write("x".repeat(1024)), 5);
      response.on("close", () => clearInterval(timer));
      return;
    }
    const script = scripts.get(path) ?? [200];
    const status = script.length > 1 ? script.shift()! : script[0]!;
    response.writeHead(status, status === 302 ? { location: "http://127.0.0.1:9/elsewhere" } : {}).end(status >= 400 ? "refused by the test receiver" : "ok");
  });
});
let hookBase = "";

/** The receiver's own check of `X-TrailProof-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
function receiverVerifies(request: Received, secret: string): boolean {
  const header = request.headers["x-trailproof-signature"];
  const match = typeof header === "string" ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null;
  if (!match) return false;
  const mac = createHmac("sha256", secret).update(`${match[1]}.${request.body}`).digest();
  const fresh = Math.abs(Date.now() / 1000 - Number(match[1])) < 300;
  return fresh && timingSafeEqual(mac, Buffer.from(match[2]!, "hex"));
}

const notice = (id: string, overrides: Partial<AlertNotice> = {}): AlertNotice => ({
  id,
  kind: "file-invalid",
  severity: "high",
  state: "open",
  title: "log file INVALID",
  reason: "hash value doesn't match",
  accountId: "111111111111",
  region: "us-east-1",
  trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail",
  s3Uri: `s3://org-logs/AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/05/${id}.json.gz`,
  firstSeen: new Date("2026-12-05T10:00:00Z"),
  lastSeen: new Date("2026-12-05T11:00:00Z"),
  path: `/alerts/${id}`,
  ...overrides,
});

beforeAll(async () => {
  process.env.TRAILPROOF_PUBLIC_URL = PUBLIC_URL;
  process.env.TRAILPROOF_SECRETS_KEY = "integration-test-secrets-key-0123456789";
  await resetDatabase();
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  sender = await startBoss(inject("databaseUrl"), { role: "sender" });
  worker = await startWorker({ databaseUrl: inject("databaseUrl"), database: prisma, schedules: false, log: () => undefined });
});

afterAll(async () => {
  await worker?.stop();
  await sender?.stop({ graceful: false, wait: true, timeout: 2000 });
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise((resolve) => receiver.close(resolve));
  await prisma.$disconnect();
});

beforeEach(async () => {
  // Each test queues to exactly the channels it adds.
  await prisma.notificationChannel.deleteMany();
  mails.length = 0;
  received.length = 0;
});

const deliveriesOf = (channelId: string) => listDeliveries(prisma, { channelId }).then((rows) => rows.reverse());
const addresses = (value: AddressObject | AddressObject[] | undefined) => (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((v) => v.address));

describe("e-mail", () => {
  test("a batch of alerts becomes one e-mail through the authenticated SMTP server, with subject, recipient, file and link", async () => {
    const channel = await addEmailChannel(prisma, audit, { smtpUrl: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtpPort}`, to: ["secops@example.com", "audit@example.com"], from: "TrailProof <trailproof@example.com>" });
    const ids = await queueAlertNotices(sender, [notice("n1", { severity: "medium", title: "digest overdue", s3Uri: null }), notice("n2")], prisma);
    expect(ids).toHaveLength(1);

    await until(async () => mails.length, (n) => n > 0, 30_000);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.user).toBe(SMTP_USER);
    expect(mail.envelope.rcptTo.map((r) => r.address).sort()).toEqual(["audit@example.com", "secops@example.com"]);
    expect(mail.parsed.subject).toBe("[TrailProof] HIGH: log file INVALID in 111111111111 us-east-1 and 1 more");
    expect(addresses(mail.parsed.to).sort()).toEqual(["audit@example.com", "secops@example.com"]);
    expect(addresses(mail.parsed.from)).toEqual(["trailproof@example.com"]);
    expect(mail.parsed.text).toContain("s3://org-logs/AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/05/n2.json.gz");
    expect(mail.parsed.text).toContain("https://trailproof.test/alerts/n2");
    expect(mail.parsed.text).toContain("https://trailproof.test/alerts/n1");
    expect(mail.parsed.text).toContain("hash value doesn't match");
    expect(mail.parsed.html).toContain('<a href="https://trailproof.test/alerts/n2">');

    const [attempt, ...more] = await until(() => deliveriesOf(channel.id), (rows) => rows.length > 0, 10_000);
    expect(more).toEqual([]);
    // Worst first (n2 is high, n1 medium), as the message lists them.
    expect(attempt).toMatchObject({ status: "delivered", attempt: 1, alertIds: ["n2", "n1"], test: false, jobId: ids[0] });
    expect(attempt!.smtpResponse).toMatch(/^250 /);
  });

  test("a wrong SMTP password: the server's 535 is final, one attempt recorded, not retried", async () => {
    const channel = await addEmailChannel(prisma, audit, { smtpUrl: `smtp://${SMTP_USER}:wrong-password@127.0.0.1:${smtpPort}`, to: ["secops@example.com"] });
    const [jobId] = await queueAlertNotices(sender, [notice("n3")], prisma, { retryDelay: 1 });
    const job = await until(() => sender.getJobById(NOTIFY_QUEUE, jobId!), (j) => j?.state === "completed" || j?.state === "failed", 30_000);
    expect(job?.state).toBe("completed");
    await new Promise((resolve) => setTimeout(resolve, 3000)); // a retry, were there one, would come within this
    const rows = await deliveriesOf(channel.id);
    expect(rows.map((r) => [r.attempt, r.status])).toEqual([[1, "failed"]]);
    expect(rows[0]!.error).toMatch(/535/);
    expect(rows[0]!.error).not.toContain("wrong-password");
    expect(mails).toEqual([]);
  });
});

describe("webhooks", () => {
  test("generic JSON, signed: the receiver's own HMAC check passes, and the body carries every alert's fields", async () => {
    const channel = await addWebhookChannel(prisma, audit, { url: `${hookBase}/generic`, secret: WEBHOOK_SECRET, format: "generic" });
    await queueAlertNotices(sender, [notice("w1")], prisma);
    await until(async () => received.length, (n) => n > 0, 30_000);
    const request = received[0]!;
    expect(receiverVerifies(request, WEBHOOK_SECRET)).toBe(true);
    expect(receiverVerifies(request, "another-secret-0123456789")).toBe(false);
    expect(request.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(request.headers["user-agent"]).toMatch(/^TrailProof-Webhooks\//);
    const body = JSON.parse(request.body) as { type: string; test: boolean; alerts: Record<string, unknown>[] };
    expect(body.type).toBe("trailproof.alerts");
    expect(body.test).toBe(false);
    expect(body.alerts).toEqual([
      {
        id: "w1",
        kind: "file-invalid",
        severity: "high",
        state: "open",
        title: "log file INVALID",
        reason: "hash value doesn't match",
        scope: { accountId: "111111111111", region: "us-east-1", trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail" },
        s3Uri: "s3://org-logs/AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/05/w1.json.gz",
        firstSeen: "2026-12-05T10:00:00.000Z",
        lastSeen: "2026-12-05T11:00:00.000Z",
        link: "https://trailproof.test/alerts/w1",
      },
    ]);
    const rows = await until(() => deliveriesOf(channel.id), (r) => r.length > 0, 10_000);
    expect(rows.map((r) => [r.attempt, r.status, r.httpStatus])).toEqual([[1, "delivered", 200]]);
  });

  test("Slack format: {text, blocks}, signed the same way", async () => {
    await addWebhookChannel(prisma, audit, { url: `${hookBase}/slack`, secret: WEBHOOK_SECRET, format: "slack" });
    await queueAlertNotices(sender, [notice("s1")], prisma);
    await until(async () => received.length, (n) => n > 0, 30_000);
    expect(receiverVerifies(received[0]!, WEBHOOK_SECRET)).toBe(true);
    const body = JSON.parse(received[0]!.body) as { text: string; blocks: { type: string }[] };
    expect(body.text).toBe("TrailProof HIGH: log file INVALID in 111111111111 us-east-1");
    expect(body.blocks.map((b) => b.type)).toEqual(["header", "section"]);
  });

  test("a receiver answering 500 twice then 200: three attempts recorded, the third delivered", async () => {
    scripts.set("/flaky", [500, 500, 200]);
    const channel = await addWebhookChannel(prisma, audit, { url: `${hookBase}/flaky`, secret: WEBHOOK_SECRET, format: "generic" });
    const [jobId] = await queueAlertNotices(sender, [notice("r1")], prisma, { retryDelay: 1 });
    const rows = await until(() => deliveriesOf(channel.id), (r) => r.some((row) => row.status === "delivered"), 45_000);
    expect(rows.map((r) => [r.attempt, r.status, r.httpStatus])).toEqual([
      [1, "retrying", 500],
      [2, "retrying", 500],
      [3, "delivered", 200],
    ]);
    expect(rows.every((r) => r.jobId === jobId)).toBe(true);
    expect(received.filter((r) => r.path === "/flaky")).toHaveLength(3);
    // Each attempt is signed afresh (its own timestamp): all three check out.
    expect(received.every((r) => receiverVerifies(r, WEBHOOK_SECRET))).toBe(true);
    expect((await sender.getJobById(NOTIFY_QUEUE, jobId!))?.state).toBe("completed");
    // What Settings and --list show of the channel: its newest attempt only.
    const last = await lastDeliveries(prisma, [channel.id]);
    expect([...last.values()].map((d) => [d.status, d.httpStatus])).toEqual([["delivered", 200]]);
  });

  test.each([
    { label: "400", status: 400, error: "the receiver answered HTTP 400: refused by the test receiver" },
    { label: "a redirect (never followed)", status: 302, error: "the receiver answered HTTP 302 (redirects are not followed: configure the final URL): ok" },
  ])("a receiver answering $label: one attempt, failed, not retried", async ({ status, error }) => {
    const path = `/refuses-${status}`;
    scripts.set(path, [status]);
    const channel = await addWebhookChannel(prisma, audit, { url: `${hookBase}${path}`, secret: WEBHOOK_SECRET, format: "generic" });
    const [jobId] = await queueAlertNotices(sender, [notice("p1")], prisma, { retryDelay: 1 });
    await until(() => sender.getJobById(NOTIFY_QUEUE, jobId!), (j) => j?.state === "completed", 30_000);
    await new Promise((resolve) => setTimeout(resolve, 3000)); // a retry, were there one, would come within this
    const rows = await deliveriesOf(channel.id);
    expect(rows.map((r) => [r.attempt, r.status, r.httpStatus, r.error])).toEqual([[1, "failed", status, error]]);
    expect(received.map((r) => r.path)).toEqual([path]);
  });

  test("a receiver whose reply never ends: its start is recorded and the attempt ends at once, not at the timeout", async () => {
    const channel = await addWebhookChannel(prisma, audit, { url: `${hookBase}/endless`, secret: WEBHOOK_SECRET, format: "generic" });
    const queuedAt = Date.now();
    await queueAlertNotices(sender, [notice("b1")], prisma);
    const [first] = await until(() => deliveriesOf(channel.id), (r) => r.length > 0, 30_000);
    expect(first).toMatchObject({ attempt: 1, status: "retrying", httpStatus: 503 });
    expect(first!.error).toBe(`the receiver answered HTTP 503: ${"x".repeat(300)}`);
    expect(first!.at.getTime() - queuedAt).toBeLessThan(8_000); // the webhook timeout is 10 s
    await removeChannel(prisma, audit, channel.id); // its retries then find no channel and stop
  });

  test("a receiver that is down: retried until no attempt is left, then failed", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const channel = await addWebhookChannel(prisma, audit, { url: `http://127.0.0.1:${port}/gone`, secret: WEBHOOK_SECRET, format: "generic" });
    const [jobId] = await queueAlertNotices(sender, [notice("d1")], prisma, { retryDelay: 1 });
    // Five retries with backoff from 1 s would take a minute: this test shortens the limit too (read when an attempt fails, so
    // lowering it while the first attempt runs still counts).
    await prisma.$executeRaw`UPDATE pgboss.job SET retry_limit = 1 WHERE id = ${jobId}::uuid`;
    const rows = await until(() => deliveriesOf(channel.id), (r) => r.some((row) => row.status === "failed"), 30_000);
    expect(rows.map((r) => [r.attempt, r.status])).toEqual([
      [1, "retrying"],
      [2, "failed"],
    ]);
    expect(rows[1]!.error).toMatch(/ECONNREFUSED/);
  });
});

test("a run that opens 250 alerts: three signed calls of 100, 100 and 50, worst first, every alert once", async () => {
  const channel = await addWebhookChannel(prisma, audit, { url: `${hookBase}/many`, secret: WEBHOOK_SECRET, format: "generic" });
  const notices = Array.from({ length: 250 }, (_, i) => notice(`m${i}`, { severity: i === 249 ? "critical" : "high" }));
  expect(await queueAlertNotices(sender, notices, prisma)).toHaveLength(3);
  await until(() => deliveriesOf(channel.id), (r) => r.length === 3, 30_000);
  expect(received.every((r) => receiverVerifies(r, WEBHOOK_SECRET))).toBe(true);
  const bodies = received.map((r) => JSON.parse(r.body) as { alerts: { id: string }[] });
  expect(bodies.map((b) => b.alerts.length).sort((a, b) => b - a)).toEqual([100, 100, 50]);
  const ids = bodies.flatMap((b) => b.alerts.map((a) => a.id));
  expect(new Set(ids).size).toBe(250);
  // The critical one leads the first message.
  expect(bodies.find((b) => b.alerts.length === 100 && b.alerts[0]!.id === "m249")).toBeDefined();
});

test("channels switched off get nothing; only enabled ones are queued", async () => {
  const on = await addWebhookChannel(prisma, audit, { url: `${hookBase}/on`, secret: WEBHOOK_SECRET, format: "generic" });
  const off = await addWebhookChannel(prisma, audit, { url: `${hookBase}/off`, secret: WEBHOOK_SECRET, format: "generic" });
  expect(await enableChannel(prisma, audit, off.id, false)).toBe(true);
  expect(await queueAlertNotices(sender, [notice("e1")], prisma)).toHaveLength(1);
  expect(await queueAlertNotices(sender, [], prisma)).toEqual([]);
  await until(() => deliveriesOf(on.id), (r) => r.length > 0, 30_000);
  expect(received.map((r) => r.path)).toEqual(["/on"]);
  expect(await deliveriesOf(off.id)).toEqual([]);
});

test("Send test: one example alert through the same path, its answer returned and recorded", async () => {
  const hook = await addWebhookChannel(prisma, audit, { url: `${hookBase}/test`, secret: WEBHOOK_SECRET, format: "generic" });
  const result = await sendTestNotice(prisma, audit, hook.id);
  expect(result).toMatchObject({ status: "delivered", httpStatus: 200 });
  expect(receiverVerifies(received[0]!, WEBHOOK_SECRET)).toBe(true);
  expect((JSON.parse(received[0]!.body) as { test: boolean }).test).toBe(true);
  const mail = await addEmailChannel(prisma, audit, { smtpUrl: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtpPort}`, to: ["secops@example.com"] });
  expect(await sendTestNotice(prisma, audit, mail.id)).toMatchObject({ status: "delivered" });
  expect(mails[0]!.parsed.subject).toBe("[TrailProof] TEST INFORMATIONAL: Test notification");
  expect((await deliveriesOf(hook.id)).map((r) => [r.test, r.status, r.jobId])).toEqual([[true, "delivered", null]]);
  expect(await sendTestNotice(prisma, audit, "00000000-0000-4000-8000-000000000000")).toEqual({ status: "skipped", reason: "the channel was removed" });
});

test("secrets are nowhere in clear: not in the channel rows, the audit trail, the deliveries or the queue's jobs", async () => {
  const mail = await addEmailChannel(prisma, audit, { smtpUrl: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtpPort}`, to: ["secops@example.com"] });
  const hook = await addWebhookChannel(prisma, audit, { url: `${hookBase}/secret-check`, secret: WEBHOOK_SECRET, format: "generic" });
  await queueAlertNotices(sender, [notice("x1")], prisma);
  await until(() => prisma.notificationDelivery.count({ where: { channelId: { in: [mail.id, hook.id] } } }), (n) => n >= 2, 30_000);
  await sendTestNotice(prisma, audit, hook.id);
  await enableChannel(prisma, audit, hook.id, false);
  await removeChannel(prisma, audit, mail.id);

  // Read as the owner, every column as text: whatever the application wrote, in whatever form.
  const owner = new pg.Client({ connectionString: ownerDatabaseUrl() });
  await owner.connect();
  try {
    const dump = async (sql: string) => JSON.stringify((await owner.query(sql)).rows);
    const channels = await dump("SELECT * FROM notification_channels");
    const audits = await dump("SELECT * FROM audit_events WHERE action = 'settings.notification'");
    const deliveries = await dump("SELECT * FROM notification_deliveries");
    const jobs = await dump(`SELECT data, output FROM pgboss.job WHERE name = '${NOTIFY_QUEUE}'`);
    for (const text of [channels, audits, deliveries, jobs]) {
      expect(text).not.toContain(SMTP_PASSWORD);
      expect(text).not.toContain(WEBHOOK_SECRET);
      expect(text).not.toContain("/secret-check"); // a webhook URL's path: for Slack, the credential itself
    }
    // They are there, encrypted, and the audit trail names what changed.
    expect(channels).toMatch(/"secret":"v1\.[0-9a-f]{8}\./);
    const changes = (await owner.query<{ target: string; detail: { change: string } }>("SELECT target, detail FROM audit_events WHERE action = 'settings.notification' ORDER BY id")).rows;
    expect(changes.filter((r) => r.target === hook.id).map((r) => r.detail.change)).toEqual(["added", "test sent", "disabled"]);
    expect(changes.filter((r) => r.target === mail.id).map((r) => r.detail.change)).toEqual(["added", "removed"]);
    expect(changes.find((r) => r.target === mail.id)!.detail).toMatchObject({ kind: "email", smtpServer: `127.0.0.1:${smtpPort}`, passwordSet: true });
  } finally {
    await owner.end();
  }
});

test("a channel added before webhook URLs were sealed (its URL in clear, as the migration leaves it) still delivers", async () => {
  const legacy = await prisma.notificationChannel.create({
    data: { kind: "webhook", webhookUrl: `${hookBase}/legacy`, webhookOrigin: hookBase, format: "generic", secret: encryptSecret(WEBHOOK_SECRET, { channelId: LEGACY_ID, field: "secret" }), createdBy: "test", id: LEGACY_ID },
  });
  await queueAlertNotices(sender, [notice("l1")], prisma);
  const [attempt] = await until(() => deliveriesOf(legacy.id), (rows) => rows.length > 0, 30_000);
  expect(attempt).toMatchObject({ status: "delivered", alertIds: ["l1"] });
  expect(received.some((r) => r.path === "/legacy" && receiverVerifies(r, WEBHOOK_SECRET))).toBe(true);
});

test("a starting worker seals a URL stored in clear once, with an audit record, and the channel goes on delivering", async () => {
  await worker.stop();
  const id = "00000000-0000-4000-8000-00000000c1ea";
  await prisma.notificationChannel.create({
    data: { id, kind: "webhook", webhookUrl: `${hookBase}/cleared`, webhookOrigin: null, format: "generic", secret: encryptSecret(WEBHOOK_SECRET, { channelId: id, field: "secret" }), createdBy: "test" },
  });
  const lines: string[] = [];
  worker = await startWorker({ databaseUrl: inject("databaseUrl"), database: prisma, schedules: false, log: (line) => lines.push(line) });
  expect(lines).toContain("trailproof: sealed 1 webhook URL(s) stored in clear by an older version");
  const row = await prisma.notificationChannel.findUniqueOrThrow({ where: { id } });
  expect(row.webhookUrl).toMatch(/^v1\.[0-9a-f]{8}\./);
  expect(row.webhookUrl).not.toContain("/cleared");
  expect(decryptSecret(row.webhookUrl!, { channelId: id, field: "webhookUrl" })).toBe(`${hookBase}/cleared`);
  expect(row.webhookOrigin).toBe(hookBase);
  expect(await sealClearWebhookUrls(prisma)).toBe(0);
  const audits = await prisma.auditEvent.findMany({ where: { target: id }, select: { actor: true, action: true, detail: true } });
  expect(audits).toEqual([{ actor: "system:notifications", action: "settings.notification", detail: { change: "webhook URL sealed", kind: "webhook", origin: hookBase } }]);
  await queueAlertNotices(sender, [notice("s1")], prisma);
  const [attempt] = await until(() => deliveriesOf(id), (rows) => rows.length > 0, 30_000);
  expect(attempt).toMatchObject({ status: "delivered", alertIds: ["s1"] });
  expect(received.some((r) => r.path === "/cleared" && receiverVerifies(r, WEBHOOK_SECRET))).toBe(true);
});

test("a batch taken by a worker that died is sent at once by the next sole worker, not after the job's expiry", async () => {
  await worker.stop();
  const channel = await addWebhookChannel(prisma, audit, { url: `${hookBase}/after-crash`, secret: WEBHOOK_SECRET, format: "generic" });
  const [jobId] = await queueAlertNotices(sender, [notice("c1")], prisma);
  // The dead worker's share: the job fetched (active), never completed.
  const [taken] = await sender.fetch(NOTIFY_QUEUE);
  expect(taken?.id).toBe(jobId);
  expect((await sender.getJobById(NOTIFY_QUEUE, jobId!))?.state).toBe("active");
  const lines: string[] = [];
  worker = await startWorker({ databaseUrl: inject("databaseUrl"), database: prisma, exclusive: true, schedules: false, log: (line) => lines.push(line) });
  const rows = await until(() => deliveriesOf(channel.id), (r) => r.length > 0, 30_000);
  expect(rows.map((r) => [r.status, r.jobId])).toEqual([["delivered", jobId]]);
  expect(lines).toContain("trailproof: resuming 1 job(s) interrupted when the previous run stopped");
});

// A relay reached over the network (this machine's own non-loopback address) that offers no STARTTLS, as a
// man-in-the-middle stripping it would look: the password must not be sent.
test("smtp:// to a relay that is not on this machine: no STARTTLS, no password sent, nothing delivered", async () => {
  // Servers in tests listen on 127.0.0.1 only: the options TrailProof makes for a relay elsewhere (mail.example.com)
  // are tried against a plain server here, so nodemailer applies them to a real SMTP conversation.
  const authAttempts: string[] = [];
  const plain = new SMTPServer({
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (auth, _session, callback) => {
      authAttempts.push(String(auth.password));
      callback(null, { user: auth.username });
    },
    onData: (stream, _session, callback) => {
      stream.resume();
      stream.on("end", () => callback());
    },
  });
  await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
  try {
    const port = (plain.server.address() as AddressInfo).port;
    const options = transportOptions({ url: `smtp://${SMTP_USER}@mail.example.com:${port}`, password: SMTP_PASSWORD });
    expect(options.requireTLS).toBe(true);
    const transport = nodemailer.createTransport({ ...options, host: "127.0.0.1" });
    await expect(transport.sendMail({ from: "trailproof@example.com", to: "secops@example.com", subject: "s", text: "t" })).rejects.toThrow(/TLS/);
    transport.close();
    expect(authAttempts).toEqual([]);
  } finally {
    await new Promise<void>((resolve) => plain.close(() => resolve()));
  }
});
