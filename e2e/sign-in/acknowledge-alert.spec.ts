import { expect, test, type Request } from "@playwright/test";
import { APP_URL, SIGN_IN_DATA_DIR } from "@/playwright.sign-in.config";
import { firstStartSettled } from "../support/first-start";
import { manifest } from "../support/manifest";
import { signIn, signInQuery } from "../support/sign-in";

// Issue 15: an operator (not an administrator) acknowledges an alert the demo's own first validations raised, signed
// in through the real identity provider; the audit trail shows who and why. A viewer sees no control to do it, and
// the same server action replayed with the viewer's session is refused, recorded, and changes nothing.

test.describe.configure({ mode: "serial" });

const query = signInQuery;

interface AlertRow extends Record<string, unknown> {
  id: string;
  title: string;
  state: string;
  acknowledged_by: string | null;
  acknowledgement: string | null;
}
const alertById = async (id: string) =>
  (await query<AlertRow>("SELECT id, title, state::text AS state, acknowledged_by, ack_comment AS acknowledgement FROM alerts WHERE id = $1", [id]))[0]!;
const RUN_STARTED = new Date();
const auditOf = (actor: string, target: string) =>
  query<{ outcome: string; detail: Record<string, unknown> | null }>(
    "SELECT outcome, detail FROM audit_events WHERE actor = $1 AND action = 'alert.acknowledge' AND target = $2 AND at >= $3 ORDER BY at",
    [actor, target, RUN_STARTED],
  );


/** Two alerts the demo's first validations raised and nobody has acknowledged (the database outlives a suite run). */
let alerts: [AlertRow, AlertRow];
/** The operator's acknowledge POST, replayed later with the viewer's session. */
let captured: Request | undefined;

test.beforeAll(async () => {
  test.setTimeout(420_000);
  await firstStartSettled((sql) => query(sql), manifest(SIGN_IN_DATA_DIR).trails.filter((t) => t.logFileValidation).length);
  const open = await query<AlertRow>("SELECT id, title, state::text AS state, acknowledged_by, ack_comment AS acknowledgement FROM alerts WHERE state = 'open' ORDER BY first_seen, id LIMIT 2");
  expect(open, "the demo's first validations raise alerts (its tampering); two must still be open").toHaveLength(2);
  alerts = [open[0]!, open[1]!];
});

test("an operator acknowledges an alert with a comment; the audit trail shows who and why", async ({ page }) => {
  const [alert] = alerts;
  await signIn(page, "otto", `/alerts/${alert.id}`);
  await expect(page.getByTestId("roles")).toHaveText("viewer, operator");
  const form = page.getByRole("form", { name: `Acknowledge: ${alert.title}` });
  const comment = `operator on call: checking the bucket's versions (${Date.now()})`;
  await form.getByLabel("Comment").fill(comment);
  const posted = page.waitForRequest((request) => request.method() === "POST" && request.headers()["next-action"] !== undefined);
  await form.getByRole("button", { name: "Acknowledge" }).click();
  captured = await posted;
  await expect(page.getByRole("form", { name: `Acknowledge: ${alert.title}` })).toHaveCount(0);
  await expect(page.getByText("by Otto Operator").first()).toBeVisible();

  expect(await alertById(alert.id)).toMatchObject({ state: "acknowledged", acknowledgement: comment });
  expect((await auditOf("oidc:otto", alert.id)).map((e) => e.outcome)).toEqual(["succeeded"]);

  // The audit trail, as an administrator reads it: the operator's acknowledgement, with the comment.
  const admin = await (await page.context().browser()!.newContext()).newPage();
  await signIn(admin, "ada", "/audit");
  const event = admin.getByRole("table", { name: "Audit events" }).getByRole("row").filter({ hasText: alert.id });
  await expect(event).toHaveCount(1);
  await expect(event).toContainText("alert.acknowledge");
  await expect(event).toContainText("Otto Operator");
  await expect(event).toContainText("succeeded");
  await expect(event).toContainText(comment);
  await admin.context().close();
});

test("a viewer sees the alert without the control, and the action replayed with the viewer's session is refused and changes nothing", async ({ page }) => {
  expect(captured, "the operator's test captured the action").toBeDefined();
  const [acknowledged, open] = alerts;
  await signIn(page, "vera", `/alerts/${open.id}`);
  await expect(page.getByTestId("roles")).toHaveText("viewer");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText(open.title).first()).toBeVisible();
  await expect(page.getByRole("form", { name: /^Acknowledge/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  await page.goto("/alerts");
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  await expect(page.getByRole("form", { name: /^Acknowledge/ })).toHaveCount(0);

  // The operator's POST, aimed at the alert still open (same length id, so the multipart body stays well formed).
  const body = Buffer.from(captured!.postDataBuffer()!.toString("latin1").replaceAll(acknowledged.id, open.id), "latin1");
  expect(body.includes(open.id)).toBe(true);
  const headers = captured!.headers();
  const replay = await page.request.post(captured!.url(), {
    headers: { "next-action": headers["next-action"]!, "content-type": headers["content-type"]!, accept: "text/x-component", origin: APP_URL },
    data: body,
    maxRedirects: 0,
  });
  expect(replay.status()).toBe(200); // a server action answers in its own payload
  expect(await replay.text()).toContain("Your role (viewer) may not acknowledge alerts.");
  expect(await alertById(open.id)).toMatchObject({ state: "open", acknowledged_by: null, acknowledgement: null });
  expect((await auditOf("oidc:vera", open.id)).map((e) => e.outcome)).toEqual(["refused"]);
});
