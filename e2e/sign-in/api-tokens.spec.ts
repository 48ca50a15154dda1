import { expect, test } from "@playwright/test";
import { signedInPage, signInQuery } from "../support/sign-in";

// API tokens with sign-in on: a viewer (not an administrator) makes a token in Settings; the API answers it without a
// session (the proxy lets /api/v1 through to its own bearer check); an administrator sees that token among everyone's
// and revokes it; from then on it is 401.

const query = signInQuery;


test("a viewer's token reads the API without a session; an administrator revokes it; then 401", async ({ browser, request }) => {
  const vera = await signedInPage(browser, "vera", "/settings");
  await expect(vera.getByText("Settings are for administrators")).toBeVisible();
  const mine = vera.getByRole("region", { name: "API tokens" });
  // A viewer may give a token nothing but the viewer role.
  await expect(mine.getByLabel(/^Role/).locator("option")).toHaveText(["viewer"]);
  await mine.getByLabel("Name", { exact: true }).fill("vera's script");
  await mine.getByRole("button", { name: "Create token" }).click();
  const token = await mine.getByLabel("New API token").inputValue();
  const prefix = token.slice(0, 11);

  // `request` carries no cookie: only the bearer token speaks for Vera.
  const read = await request.get("/api/v1/alerts?limit=5", { headers: { authorization: `Bearer ${token}` } });
  expect(read.status()).toBe(200);
  // The first start may still be raising alerts: the shape, not a count that could move under the test.
  const page = (await read.json()) as { data: { id: string; kind: string }[]; next: string | null };
  expect(page.data.length).toBeLessThanOrEqual(5);
  for (const alert of page.data) expect(alert).toMatchObject({ id: expect.any(String), kind: expect.any(String) });
  const anonymous = await request.get("/api/v1/alerts");
  expect(anonymous.status()).toBe(401);
  expect(((await anonymous.json()) as { error: string }).error).toMatch(/Bearer/);

  const ada = await signedInPage(browser, "ada", "/settings");
  const all = ada.getByRole("region", { name: "API tokens" });
  const row = all.getByRole("row").filter({ hasText: prefix });
  await expect(row).toContainText("Vera Viewer");
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(all.getByRole("row").filter({ hasText: prefix }).getByRole("cell", { name: "revoked", exact: true })).toBeVisible();
  expect((await request.get("/api/v1/alerts", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);

  const audit = await query<{ actor: string; action: string }>(
    "SELECT actor, action FROM audit_events WHERE action LIKE 'api-token.%' AND detail->>'prefix' = $1 ORDER BY id",
    [prefix],
  );
  expect(audit).toEqual([
    { actor: expect.stringMatching(/^oidc:/), action: "api-token.create" },
    { actor: expect.stringMatching(/^oidc:/), action: "api-token.revoke" },
  ]);
  expect(audit[0]!.actor).not.toBe(audit[1]!.actor);
});
