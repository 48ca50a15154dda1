import type { Browser, Page } from "@playwright/test";
import { APP_URL, ISSUER, SIGN_IN_DATA_DIR } from "@/playwright.sign-in.config";
import { e2eDatabaseUrl, withDatabase } from "./database";

// What every sign-in spec does: read the sign-in server's database, and sign a person in through the identity
// provider's own login form (e2e/support/oidc-provider.mjs: password "<login>-pw").

/** Rows of `sql` on the sign-in server's database. */
export const signInQuery = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  withDatabase(async (client) => (await client.query<T>(sql, params)).rows, e2eDatabaseUrl(SIGN_IN_DATA_DIR));

/** Signs `login` in on `page`, starting at `path`, and waits until TrailProof serves it again. */
export async function signIn(page: Page, login: string, path = "/"): Promise<void> {
  await page.goto(path);
  await page.waitForURL(`${ISSUER}/interaction/**`);
  await page.fill("#login", login);
  await page.fill("#password", `${login}-pw`);
  await Promise.all([page.waitForURL((url) => url.origin === APP_URL && !url.pathname.startsWith("/api/auth")), page.click("#submit")]);
}

/** A page of its own (its own cookies) with `login` signed in. */
export async function signedInPage(browser: Browser, login: string, path = "/"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, login, path);
  return page;
}
