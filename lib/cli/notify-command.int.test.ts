import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import { resetDatabase, testPrisma } from "@/lib/testing/database";
import { runTrailproof } from "@/lib/testing/run-cli";

// `npx trailproof notify` as an operator runs it: a separate process on DATABASE_URL, adding channels, listing them
// without their secrets, testing them against a real SMTP server and a real HTTP receiver, removing one.

const SECRET = "cli-webhook-secret-0123456789";
const PASSWORD = "cli-smtp-password-9876";
const prisma = testPrisma();
const mails: ParsedMail[] = [];
const hooks: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const smtp = new SMTPServer({
  allowInsecureAuth: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onAuth: (auth, _session, callback) => (auth.username === "ops" && auth.password === PASSWORD ? callback(null, { user: "ops" }) : callback(new Error("Invalid username or password"))),
  onData: (stream, _session, callback) => void simpleParser(stream).then((mail) => { mails.push(mail); callback(); }, callback),
});
const receiver = http.createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk.toString()));
  request.on("end", () => {
    hooks.push({ headers: request.headers, body });
    response.end("ok");
  });
});
let smtpPort = 0;
let hookUrl = "";

beforeAll(async () => {
  await resetDatabase();
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise((resolve) => receiver.close(resolve));
  await prisma.$disconnect();
});

const NOTIFY_ENV = { TRAILPROOF_SECRETS_KEY: "cli-test-secrets-key-0123456789abcdef", TRAILPROOF_PUBLIC_URL: "https://tp.example.com" };
const trailproof = (args: string[], stdin = "") => runTrailproof(["notify", ...args], { env: NOTIFY_ENV, stdin });

test("add, list, test and remove channels from the command line; secrets never printed", async () => {
  const webhook = await trailproof(["--webhook", hookUrl, "--webhook-secret", "-"], `${SECRET}\n`);
  expect(webhook.stderr).toBe("");
  expect(webhook.code).toBe(0);
  const hookId = /channel ([0-9a-f-]{36})/.exec(webhook.stdout)?.[1];
  expect(webhook.stdout).toContain("(generic, secret set)");
  // At rest, the URL is sealed like the secret (for Slack the URL is the credential); its origin alone in clear.
  const stored = await prisma.notificationChannel.findUniqueOrThrow({ where: { id: hookId! } });
  expect(stored.webhookUrl).toMatch(/^v1\.[0-9a-f]{8}\./);
  expect(JSON.stringify(stored)).not.toContain("/hook");
  expect(stored.webhookOrigin).toBe(new URL(hookUrl).origin);

  const email = await trailproof(["--email-to", "secops@example.com", "--smtp-url", `smtp://ops:${PASSWORD}@127.0.0.1:${smtpPort}`]);
  expect(email.code).toBe(0);
  expect(email.stdout).toContain(`secops@example.com via 127.0.0.1:${smtpPort} (password set)`);

  const listed = await trailproof(["--list"]);
  expect(listed.code).toBe(0);
  expect(listed.stdout.trim().split("\n")).toHaveLength(2);
  expect(listed.stdout).toContain("secret set");
  expect(listed.stdout).toContain("password set");
  expect(listed.stdout).not.toContain("/hook"); // a webhook URL's path can be its credential (Slack): origin only
  for (const output of [webhook, email, listed]) {
    expect(output.stdout + output.stderr).not.toContain(SECRET);
    expect(output.stdout + output.stderr).not.toContain(PASSWORD);
  }

  const tested = await trailproof(["--test"]);
  expect(tested.stderr).toBe("");
  expect(tested.code).toBe(0);
  expect(tested.stdout.match(/ delivered: /g)).toHaveLength(2);
  expect(mails.map((m) => m.subject)).toEqual(["[TrailProof] TEST INFORMATIONAL: Test notification"]);
  expect(mails[0]!.text).toContain("https://tp.example.com/settings");
  const [hook] = hooks;
  const [, t, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(hook!.headers["x-trailproof-signature"]))!;
  expect(mac).toBe(createHmac("sha256", SECRET).update(`${t}.${hook!.body}`).digest("hex"));

  const relisted = await trailproof(["--list"]);
  expect(relisted.stdout.match(/ last delivered \(test\) /g)).toHaveLength(2);

  const removed = await trailproof(["--remove", hookId!]);
  expect(removed.code).toBe(0);
  expect(await prisma.notificationChannel.count()).toBe(1);
  expect((await trailproof(["--remove", hookId!])).code).toBe(1);
});

test.each([
  { label: "nothing to do", args: [], message: /say what to do/ },
  { label: "two things at once", args: ["--list", "--test"], message: /choose one of list, test/ },
  { label: "a webhook without its secret", args: ["--webhook", "https://h.example.com"], message: /needs --webhook and --webhook-secret/ },
  { label: "a webhook that is not http", args: ["--webhook", "ftp://h.example.com", "--webhook-secret", SECRET], message: /must be http or https/ },
  { label: "a short secret", args: ["--webhook", "https://h.example.com", "--webhook-secret", "short"], message: /at least 16 characters/ },
  { label: "a bad recipient", args: ["--email-to", "nobody", "--smtp-url", "smtp://h.example.com"], message: /"nobody" is not an e-mail address/ },
  { label: "an id that is not one", args: ["--remove", "x"], message: /not a channel id/ },
])("refuses $label with exit 2 and a reason, storing nothing", async ({ args, message }) => {
  const before = await prisma.notificationChannel.count();
  const { code, stderr } = await trailproof(args);
  expect(code).toBe(2);
  expect(stderr).toMatch(message);
  expect(await prisma.notificationChannel.count()).toBe(before);
});
