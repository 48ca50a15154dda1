import { expect, test } from "@playwright/test";
import { signedInPage, signInQuery } from "../support/sign-in";

// Exceptions with two people (docs/exceptions.md): an operator proposes in the UI, may not approve; an administrator
// (another person) approves; the overview then shows the failing cell as excepted, with who approved it and why.

test.describe.configure({ mode: "serial" });

const query = signInQuery;


test("an operator proposes, an administrator approves, the overview shows the cell excepted", async ({ browser }) => {
  test.setTimeout(420_000);
  // The demo's first scan gives the failures to except.
  await expect.poll(async () => (await query<{ n: number }>("SELECT count(*)::int AS n FROM scan_runs WHERE status IN ('succeeded', 'partial')"))[0]!.n, { timeout: 400_000, intervals: [2_000] }).toBeGreaterThan(0);
  // A check failing in an account's latest scan: an account-scoped exception covers all of that account's results for
  // the check, so its cell turns excepted.
  const [failing] = await query<{ account_id: string; name: string; check_id: string }>(
    `WITH latest AS (SELECT DISTINCT ON (sa.account_id) sa.account_id, sa.scan_id FROM scan_accounts sa JOIN scan_runs r ON r.id = sa.scan_id ORDER BY sa.account_id, r.created_at DESC)
     SELECT cr.account_id, a.name, cr.check_id FROM check_results cr JOIN latest l ON l.account_id = cr.account_id AND l.scan_id = cr.scan_id JOIN accounts a ON a.id = cr.account_id
     WHERE cr.status = 'fail'
       -- The database outlives a run of the suite: a check an earlier run excepted (in any scope) is not picked again.
       AND NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.check_id = cr.check_id AND e.rejected_at IS NULL AND e.revoked_at IS NULL AND e.expires_at > now())
     ORDER BY cr.account_id, cr.check_id LIMIT 1`,
  );
  expect(failing).toBeDefined();
  const justification = `Accepted in e2e ${Date.now()}: sandbox risk, reviewed`;

  const otto = await signedInPage(browser, "otto", `/exceptions?scope=account&accountId=${failing!.account_id}&checkId=${failing!.check_id}`);
  const form = otto.getByRole("form", { name: "Propose an exception" });
  await form.getByLabel("Justification").fill(justification);
  await form.getByLabel("Owner (who answers for the risk)").fill("Platform team");
  await form.getByRole("button", { name: "Propose exception" }).click();
  await expect(form.getByRole("status")).toContainText("Proposed");
  await otto.reload();
  const row = otto.locator("tr", { hasText: justification });
  await expect(row.getByText("proposed")).toBeVisible();
  // An operator may withdraw their proposal but not approve it.
  await expect(row.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(row.getByRole("button", { name: "Revoke" })).toBeVisible();

  const ada = await signedInPage(browser, "ada", "/exceptions");
  const adaRow = ada.locator("tr", { hasText: justification });
  await adaRow.getByRole("button", { name: "Approve" }).click();
  await expect(adaRow.getByRole("status")).toHaveText("Approved.");
  await ada.reload();
  await expect(ada.locator("tr", { hasText: justification }).getByText("approved")).toBeVisible();
  await expect(ada.locator("tr", { hasText: justification })).toContainText("Ada Admin");

  await ada.goto(`/?q=${failing!.account_id}`);
  const cell = ada.locator(`a[data-status="excepted"][title*="${failing!.check_id}"]`);
  await expect(cell).toHaveCount(1);
  await expect(cell).toHaveAttribute("title", new RegExp(`excepted by Ada Admin until .*${justification}`));
  await expect(cell).toHaveText("◇");

  const trail = await query<{ actor: string; action: string }>("SELECT actor, action FROM audit_events WHERE action LIKE 'exception.%' AND detail->>'justification' = $1 OR (action = 'exception.approve' AND target IN (SELECT id::text FROM exceptions WHERE justification = $1)) ORDER BY at", [justification]);
  expect(trail.map((t) => t.action)).toEqual(["exception.propose", "exception.approve"]);
});
