import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { chromiumArgs } from "./lib/services/evidence/chromium";

// End-to-end against the production build (`npm start` builds when sources changed, then `next start`), with a
// PostgreSQL of its own: TEST_DATABASE_URL's server, or an embedded cluster under .trailproof/e2e.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DATA_DIR = path.resolve(process.env.E2E_DATA_DIR ?? path.join(".trailproof", "e2e"));

/** `npm start` on ports and a data directory of its own, serving the demo organization. */
export function trailproofServer(options: { port: number; dataDir: string; pgPort: string; sandboxPort: string; env: Record<string, string> }) {
  return {
    command: "node --import tsx scripts/start.ts",
    url: `http://127.0.0.1:${options.port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe" as const,
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
    env: {
      ...options.env,
      PORT: String(options.port),
      TRAILPROOF_DATA_DIR: options.dataDir,
      TRAILPROOF_PG_PORT: options.pgPort,
      TRAILPROOF_SANDBOX_PORT: options.sandboxPort,
      // The local AWS organization is the fixture of every e2e test, whatever AWS configuration the machine has.
      TRAILPROOF_SANDBOX: "1",
      // The tests' expectations are the seeded hours (the manifest): the demo does not log on while they run.
      TRAILPROOF_DEMO_DELIVERY: "0",
      // Nor do scheduled runs start on their own (an hourly slot would add runs to those the tests count).
      TRAILPROOF_SCHEDULES: "0",
      // The tests' webhook receivers listen on 127.0.0.1: loopback delivery is an explicit opt-in (docs/notifications.md).
      TRAILPROOF_WEBHOOK_PRIVATE: "1",
      // Never the user's DATABASE_URL: the tests write. undefined removes it from the server's environment.
      DATABASE_URL: process.env.TEST_DATABASE_URL as string,
    },
  };
}

export default defineConfig({
  testDir: "e2e",
  // e2e/sign-in runs against a server with an identity provider: playwright.sign-in.config.ts.
  testIgnore: /sign-in\//,
  outputDir: "test-results/e2e",
  globalSetup: "./e2e/support/resolve-browser.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-report.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    // The product's browser, never Playwright's own download (machines without internet): e2e/support/resolve-browser.ts
    // sets CHROMIUM_PATH before the workers load this config (the main process loads it before that setup, and never
    // launches a browser).
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH,
      args: chromiumArgs(process.env.CHROMIUM_PATH ?? ""),
    },
  },
  // The demo specs read what `npm start` registered; the others reset the database, so they run after.
  projects: [
    { name: "demo", testMatch: /demo\.spec\.ts/ },
    { name: "app", testIgnore: [/demo\.spec\.ts/, /sign-in\//], dependencies: ["demo"] },
  ],
  webServer: trailproofServer({
    port: E2E_PORT,
    dataDir: E2E_DATA_DIR,
    pgPort: process.env.E2E_PG_PORT ?? "54349",
    sandboxPort: process.env.E2E_SANDBOX_PORT ?? "4576",
    // Local mode whatever the shell has: e2e/sign-in covers the identity provider.
    env: Object.fromEntries(["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "APP_URL", "AUTH_SECRET", "OIDC_ROLE_MAP"].map((name) => [name, ""])),
  }),
});
