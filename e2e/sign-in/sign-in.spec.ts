import fs from "node:fs";
import { expect, test, type Page, type Request } from "@playwright/test";
import { readOidcSettings } from "@/lib/auth/auth-settings";
import { sealSession, type Session } from "@/lib/auth/session";
import { APP_URL, ISSUER, SIGN_IN_DATA_DIR, SIGN_IN_ENV } from "@/playwright.sign-in.config";
import { firstStartSettled } from "../support/first-start";
import { manifest } from "../support/manifest";
import { signedInPage, signIn, signInQuery } from "../support/sign-in";

// Sign-in against a real OpenID Connect provider (e2e/support/oidc-provider.mjs), one person per role: each sees
// and does exactly its part, and what it may not do is refused on the server even when asked for directly.

test.describe.configure({ mode: "serial" });

const SESSION_COOKIE = "trailproof-session"; // http in these tests: no __Host- prefix
const query = signInQuery;

// This server's demo scans and validates itself at its first start: the tests below count runs and expect their own
// requests to start new ones, so they begin once that is done.
test.beforeAll(async () => {
  test.setTimeout(420_000);
  await firstStartSettled((sql) => query(sql), manifest(SIGN_IN_DATA_DIR).trails.filter((t) => t.logFileValidation).length);
});



const payments = () => manifest(SIGN_IN_DATA_DIR).trails.find((t) => t.key === "payments-trail")!;
const trailId = async () => (await query<{ id: string }>("SELECT id FROM trails WHERE arn = $1", [payments().arn]))[0]!.id;
const runCount = async () => (await query<{ n: number }>("SELECT count(*)::int AS n FROM validation_runs"))[0]!.n;
// The database outlives a run of the suite: look only at what this run recorded.
const RUN_STARTED = new Date();
const auditOf = (actor: string, action: string) =>
  query<{ outcome: string; detail: Record<string, unknown> }>("SELECT outcome, detail FROM audit_events WHERE actor = $1 AND action = $2 AND at >= $3 ORDER BY at", [actor, action, RUN_STARTED]);

/** Replays a server action's POST, as a script would, with the session of `page`'s context. */
function replayAction(page: Page, captured: Request, origin = APP_URL) {
  const headers = captured.headers();
  return page.request.post(captured.url(), {
    headers: { "next-action": headers["next-action"]!, "content-type": headers["content-type"]!, accept: "text/x-component", origin },
    data: captured.postDataBuffer()!,
    maxRedirects: 0,
  });
}

/** Server action POSTs captured from those allowed to make them, replayed later with the sessions of those who are not. */
const captured: { validate?: Request; export?: Request; scan?: Request; settings?: Request; notify?: Request } = {};

test("an operator signs in with the provider, returns where they were going, scans and validates", async ({ page, context }) => {
  test.setTimeout(150_000);
  await page.goto("/scans");
  await page.waitForURL(`${ISSUER}/interaction/**`);
  await page.fill("#login", "otto");
  await page.fill("#password", "wrong");
  await page.click("#submit");
  await expect(page.locator("#error")).toContainText("Invalid login or password");
  await page.fill("#login", "otto");
  await page.fill("#password", "otto-pw");
  await page.click("#submit");
  await page.waitForURL(`${APP_URL}/scans`);
  await expect(page.getByText("Signed in as Otto Operator")).toBeVisible();
  await expect(page.getByTestId("roles")).toHaveText("viewer, operator");
  await expect(page.getByRole("link", { name: "Audit trail" })).toHaveCount(0);

  const cookie = (await context.cookies(APP_URL)).find((c) => c.name === SESSION_COOKIE)!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  const lifetime = cookie.expires - Date.now() / 1000;
  expect(lifetime).toBeGreaterThan(8 * 3600 - 120);
  expect(lifetime).toBeLessThanOrEqual(8 * 3600);

  await page.goto("/");
  await page.getByRole("button", { name: "Scan now" }).click();
  await expect(page.getByTestId("scan-progress")).toHaveAttribute("data-status", "succeeded", { timeout: 120_000 });

  await page.goto(`/trails/${await trailId()}`);
  await expect(page.getByText("Exporting evidence is for auditors and administrators.")).toBeVisible();
  const before = await runCount();
  [captured.validate] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    page.getByRole("button", { name: "Validate now" }).click(),
  ]);
  await expect(page.getByRole("form", { name: "Validate" }).getByRole("status")).toContainText("queued");
  expect(await runCount()).toBe(before + 1);

  // A cross-site replay of the same action with Otto's own session: Next refuses the foreign Origin before it runs.
  const crossSite = await replayAction(page, captured.validate!, "https://evil.example");
  expect(crossSite.status()).not.toBe(200);
  expect(await runCount()).toBe(before + 1);

  expect((await auditOf("oidc:otto", "auth.sign-in")).map((e) => e.outcome)).toContain("succeeded");
  expect((await auditOf("oidc:otto", "scan.request")).map((e) => e.outcome)).toEqual(["succeeded"]);
  expect((await auditOf("oidc:otto", "validation.request")).map((e) => e.outcome)).toEqual(["succeeded"]);
});

test("a viewer browses everything but starts nothing: a direct POST to the validate action is refused", async ({ page }) => {
  expect(captured.validate, "the operator's test captured the action").toBeDefined();
  await signIn(page, "vera", `/trails/${await trailId()}`);
  await expect(page.getByRole("heading", { level: 1, name: payments().name })).toBeVisible();
  await expect(page.getByTestId("roles")).toHaveText("viewer");
  await expect(page.getByRole("button", { name: "Validate now" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Export evidence" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/sign-in-viewer-trail.png", fullPage: true });

  const before = await runCount();
  const replay = await replayAction(page, captured.validate!);
  expect(replay.status()).toBe(200); // a server action answers in its own payload
  expect(await replay.text()).toContain("Your role (viewer) may not start validations.");
  expect(await runCount()).toBe(before);
  expect((await auditOf("oidc:vera", "validation.request")).map((e) => e.outcome)).toEqual(["refused"]);

  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "The audit trail is for administrators and auditors" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "API tokens" })).toHaveAttribute("href", "/settings#api-tokens"); // their own tokens only
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings are for administrators" })).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Scan now" })).toHaveCount(0);
});

test("an auditor exports evidence and reads the audit trail; an operator may not download it", async ({ page, browser }) => {
  test.setTimeout(150_000);
  await signIn(page, "aude", "/evidence");
  await expect(page.getByTestId("roles")).toHaveText("auditor");
  const form = page.getByRole("form", { name: "Export evidence" });
  [captured.export] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    form.getByRole("button", { name: "Export evidence" }).click(),
  ]);
  const pdfLink = form.getByRole("link", { name: "Download PDF" });
  await expect(pdfLink).toBeVisible({ timeout: 120_000 });
  const downloading = page.waitForEvent("download");
  await pdfLink.click();
  expect(fs.readFileSync(await (await downloading).path()).subarray(0, 5).toString()).toBe("%PDF-");
  await page.reload();
  await expect(page.getByRole("table", { name: "Evidence exports" })).toContainText("Aude Auditor");

  await page.getByRole("link", { name: "Audit trail" }).click();
  // Newest first; earlier runs of the suite may have left older rows.
  const events = page.getByRole("table", { name: "Audit events" });
  await expect(events.getByRole("row").filter({ hasText: "Vera Viewer" }).filter({ hasText: "validation.request" }).first()).toContainText("refused");
  await expect(events.getByRole("row").filter({ hasText: "Otto Operator" }).filter({ hasText: "auth.sign-in" }).first()).toContainText("succeeded");
  await expect(events.getByRole("row").filter({ hasText: "Aude Auditor" }).filter({ hasText: "evidence.export" }).first()).toContainText("succeeded");

  const exportId = (await query<{ id: string }>("SELECT id FROM evidence_exports ORDER BY created_at DESC LIMIT 1"))[0]!.id;
  const operator = await signedInPage(browser, "otto");
  expect((await operator.request.get(`/api/exports/${exportId}/pdf`)).status()).toBe(403);
  expect((await page.request.get(`/api/exports/${exportId}/pdf`)).status()).toBe(200);
  await operator.context().close();
});

test("an administrator sees every control; signing out ends the session here and at the provider", async ({ page, context }) => {
  await signIn(page, "ada", `/trails/${await trailId()}`);
  await expect(page.getByTestId("roles")).toHaveText("admin");
  await expect(page.getByRole("button", { name: "Validate now" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Export evidence" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Audit trail" })).toBeVisible();
  await page.goto("/");
  [captured.scan] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    page.getByRole("button", { name: "Scan now" }).click(),
  ]);
  await expect(page.getByRole("form", { name: "Scan" }).getByRole("status")).toContainText(/Scan queued|already queued or running/);

  // Settings: an administrator adds an account and the role to assume in it; the record names the change, not the ExternalId.
  await page.getByRole("link", { name: "Settings" }).click();
  const settings = page.getByRole("form", { name: "Account access" });
  const accountId = String(Date.now()).slice(-12); // new on every run: the suite's database outlives it
  await settings.getByLabel("Account id").fill(accountId);
  await settings.getByLabel("Name (optional)").fill("added-by-ada");
  await settings.getByLabel("Role to assume").fill("TrailProofAuditRO");
  await settings.getByLabel("ExternalId (blank keeps the current one)").fill("ext-id-never-logged");
  await settings.getByLabel("Regions (blank: every enabled region)").fill("eu-west-1, us-east-1");
  [captured.settings] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    settings.getByRole("button", { name: "Save account" }).click(),
  ]);
  await expect(settings.getByRole("status")).toContainText(`Account ${accountId} added`);
  await page.reload();
  await expect(page.getByRole("table", { name: "Account access" }).getByRole("row").filter({ hasText: accountId })).toContainText("TrailProofAuditRO");
  await page.screenshot({ path: "test-results/screens/settings.png", fullPage: true });
  const [change] = await auditOf("oidc:ada", "settings.account");
  expect(change).toMatchObject({ outcome: "succeeded", detail: { changed: ["created"] } });
  expect(JSON.stringify(await query("SELECT * FROM audit_events WHERE action = 'settings.account'"))).not.toContain("ext-id-never-logged");
  // Stored, and never sent to a browser.
  expect((await query<{ external_id: string }>("SELECT external_id FROM accounts WHERE id = $1", [accountId]))[0]!.external_id).toBe("ext-id-never-logged");
  expect(await page.content()).not.toContain("ext-id-never-logged");

  // Settings → Notifications: an administrator adds a webhook; its secret is stored encrypted, never shown or recorded.
  const notifications = page.getByRole("region", { name: "Notifications" });
  await notifications.getByLabel("Webhook", { exact: true }).check();
  await notifications.getByLabel("URL", { exact: true }).fill("https://hooks.example.com/trailproof");
  await notifications.getByLabel(/Signing secret/).fill("webhook-secret-never-logged");
  [captured.notify] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    notifications.getByRole("button", { name: "Add channel" }).click(),
  ]);
  await expect(notifications.getByText("Webhook channel added.")).toBeVisible();
  expect((await auditOf("oidc:ada", "settings.notification")).map((e) => [e.outcome, (e.detail as { change?: string }).change])).toEqual([["succeeded", "added"]]);
  expect(JSON.stringify(await query("SELECT * FROM audit_events WHERE action = 'settings.notification'"))).not.toContain("webhook-secret-never-logged");
  expect(JSON.stringify(await query("SELECT * FROM notification_channels"))).not.toContain("webhook-secret-never-logged");
  await page.reload();
  expect(await page.content()).not.toContain("webhook-secret-never-logged");
  await page.goto(`/accounts/${payments().accountId}`);
  expect(await page.content()).not.toContain("ext-id-never-logged");

  // A sign-out posted from another site is refused: the session survives it.
  expect((await page.request.post(`${APP_URL}/api/auth/signout`, { headers: { origin: "https://evil.example" }, maxRedirects: 0 })).status()).toBe(403);
  await page.goto("/scans");
  await expect(page.getByTestId("roles")).toHaveText("admin");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${APP_URL}/signed-out`);
  await expect(page.getByRole("heading", { name: "Signed out" })).toBeVisible();
  expect((await context.cookies(APP_URL)).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  expect((await auditOf("oidc:ada", "auth.sign-out")).map((e) => e.outcome)).toEqual(["succeeded"]);
  // The provider's session ended too: coming back asks for the password again.
  await page.goto("/");
  await page.waitForURL(`${ISSUER}/interaction/**`);
  await expect(page.locator("#password")).toBeVisible();
});

test("each role's hand-made POSTs to the actions it may not use are refused, change nothing and are recorded", async ({ browser }) => {
  expect(Object.keys(captured).sort()).toEqual(["export", "notify", "scan", "settings", "validate"]);
  const counts = async () =>
    (await query<{ scans: number; runs: number; exports: number; accounts: number; channels: number }>(
      `SELECT (SELECT count(*) FROM scan_runs)::int AS scans, (SELECT count(*) FROM validation_runs)::int AS runs,
              (SELECT count(*) FROM evidence_exports)::int AS exports, (SELECT count(*) FROM accounts)::int AS accounts,
              (SELECT count(*) FROM notification_channels)::int AS channels`,
    ))[0]!;
  const refusals: [login: string, roles: string, action: keyof typeof captured, audited: string, doing: string][] = [
    ["vera", "viewer", "scan", "scan.request", "start scans"],
    ["vera", "viewer", "export", "evidence.export", "export evidence"],
    ["vera", "viewer", "settings", "settings.account", "change settings"],
    ["vera", "viewer", "notify", "settings.notification", "change settings"],
    ["otto", "viewer, operator", "export", "evidence.export", "export evidence"],
    ["otto", "viewer, operator", "settings", "settings.account", "change settings"],
    ["otto", "viewer, operator", "notify", "settings.notification", "change settings"],
    ["aude", "auditor", "scan", "scan.request", "start scans"],
    ["aude", "auditor", "validate", "validation.request", "start validations"],
    ["aude", "auditor", "settings", "settings.account", "change settings"],
    ["aude", "auditor", "notify", "settings.notification", "change settings"],
  ];
  const before = await counts();
  for (const login of ["vera", "otto", "aude"]) {
    const page = await signedInPage(browser, login);
    for (const [who, roles, action, audited, doing] of refusals.filter(([who]) => who === login)) {
      const recorded = (await auditOf(`oidc:${who}`, audited)).filter((e) => e.outcome === "refused").length;
      const replay = await replayAction(page, captured[action]!);
      expect(await replay.text(), `${who} → ${action}`).toContain(`Your role (${roles}) may not ${doing}.`);
      expect((await auditOf(`oidc:${who}`, audited)).filter((e) => e.outcome === "refused").length, `${who} → ${action} recorded`).toBe(recorded + 1);
    }
    await page.context().close();
  }
  expect(await counts()).toEqual(before);
});

test("groups the provider serves from userinfo only (not in the ID token) still grant roles", async ({ page }) => {
  await signIn(page, "uma", "/scans");
  await expect(page.getByTestId("roles")).toHaveText("operator");
  const [signedIn] = await auditOf("oidc:uma", "auth.sign-in");
  expect(signedIn).toMatchObject({ outcome: "succeeded", detail: { groups: ["secops-operators"], roles: ["operator"] } });
});

test("a stray call of the sign-in callback signs no one in and records nothing", async ({ page }) => {
  const stray = await page.request.get(`${APP_URL}/api/auth/callback?code=forged&state=forged&error=access_denied&error_description=forged`, { maxRedirects: 0 });
  expect(stray.status()).toBe(303);
  expect(stray.headers().location).toBe(`${APP_URL}/signed-out?error=sign-in`);
  expect(await query("SELECT 1 FROM audit_events WHERE action = 'auth.sign-in' AND detail::text LIKE '%forged%'")).toEqual([]);
});

test("someone whose groups grant no role is refused at sign-in, and the refusal is recorded", async ({ page, context }) => {
  await page.goto("/");
  await page.waitForURL(`${ISSUER}/interaction/**`);
  await page.fill("#login", "nemo");
  await page.fill("#password", "nemo-pw");
  await page.click("#submit");
  await page.waitForURL(`${APP_URL}/signed-out?error=no-role`);
  await expect(page.getByRole("heading", { name: "No TrailProof role" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/sign-in-no-role.png" });
  expect((await context.cookies(APP_URL)).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  const [refusal] = await auditOf("oidc:nemo", "auth.sign-in");
  expect(refusal).toMatchObject({ outcome: "refused", detail: { groups: ["contractors"] } });
});

test("an expired or forged session is sent back to sign-in; actions and APIs answer 401", async ({ page, context }) => {
  const settings = readOidcSettings(SIGN_IN_ENV)!;
  const vera: Session = { sub: "vera", name: "Vera Viewer", roles: ["viewer"] };
  const setSession = (value: string) => context.addCookies([{ name: SESSION_COOKIE, value, url: APP_URL, httpOnly: true, sameSite: "Lax" }]);

  // A session sealed now is accepted (so what follows fails for its age, not for how it was made)...
  await setSession(await sealSession(settings, vera));
  await page.goto("/scans");
  await expect(page.getByRole("heading", { level: 1, name: "Scan history" })).toBeVisible();

  // ...and the same session signed in nine hours ago (lifetime eight) is not.
  await setSession(await sealSession(settings, vera, new Date(Date.now() - 9 * 3600_000)));
  await page.goto("/scans");
  await page.waitForURL(`${ISSUER}/interaction/**`);
  expect((await page.request.get(`${APP_URL}/api/validations/00000000-0000-4000-8000-000000000000`)).status()).toBe(401);
  const action = await page.request.post(`${APP_URL}/`, { headers: { "next-action": "0".repeat(42), origin: APP_URL }, data: "[]", maxRedirects: 0 });
  expect(action.status()).toBe(401);

  await setSession("forged.cookie.value");
  await page.goto(`${APP_URL}/integrity`);
  await page.waitForURL(`${ISSUER}/interaction/**`);
});

// Anyone can begin a sign-in and so hold an attempt cookie; replaying it with forged answers must not let them
// write failed sign-ins without end. At most 30 per 10 minutes from one address are recorded; then 429.
test("failed sign-ins replayed from one address are recorded up to the limit, then answered 429 and not recorded", async ({ request }) => {
  const begin = await request.get(`${APP_URL}/api/auth/signin`, { maxRedirects: 0 });
  const attempt = begin.headers()["set-cookie"]!.split("\n").find((c) => c.startsWith("trailproof-oidc-tx="))!.split(";")[0]!;
  const anonymousInWindow = async () =>
    (await query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE actor = 'signed-out' AND at >= now() - interval '10 minutes'"))[0]!.n;
  const forged = () => request.get(`${APP_URL}/api/auth/callback?code=forged&state=forged`, { headers: { cookie: attempt }, maxRedirects: 0 });
  const statuses: number[] = [];
  for (let i = 0; i < 40 && statuses.at(-1) !== 429; i++) statuses.push((await forged()).status());
  expect(statuses.at(-1)).toBe(429);
  expect(statuses.slice(0, -1).every((s) => s === 303)).toBe(true);
  expect(await anonymousInWindow()).toBe(30);
  const more = await forged();
  expect(more.status()).toBe(429);
  expect(await more.text()).toBe("Too many failed sign-ins from your address: try again in a few minutes.");
  expect(await anonymousInWindow()).toBe(30);
});
