import path from "node:path";
import { defineConfig } from "@playwright/test";
import base, { trailproofServer } from "./playwright.config";

// Sign-in end to end: a real OpenID Connect provider (oidc-provider, e2e/support/oidc-provider.mjs) and TrailProof
// configured to use it, each on 127.0.0.1 ports of their own, with a database and demo organization of their own.
// Run after the main e2e suite (npm test does), which has already built the app.
export const SIGN_IN_PORT = Number(process.env.E2E_SIGN_IN_PORT ?? 3110);
export const PROVIDER_PORT = Number(process.env.E2E_PROVIDER_PORT ?? 9110);
export const SIGN_IN_DATA_DIR = path.resolve(process.env.E2E_SIGN_IN_DATA_DIR ?? path.join(".trailproof", "e2e-sign-in"));
export const APP_URL = `http://127.0.0.1:${SIGN_IN_PORT}`;
export const ISSUER = `http://127.0.0.1:${PROVIDER_PORT}`;

/** TrailProof's sign-in settings for these tests (the spec reads them too, to seal an expired session). */
export const SIGN_IN_ENV = {
  OIDC_ISSUER: ISSUER,
  OIDC_CLIENT_ID: "trailproof-e2e",
  OIDC_CLIENT_SECRET: "client-secret-for-tests-only",
  APP_URL,
  AUTH_SECRET: "auth-secret-for-the-sign-in-tests-only-0123456789",
  OIDC_ROLE_MAP: "viewer=secops-readers,operator=secops-operators,auditor=external-audit,admin=secops-admins",
  OIDC_ALLOW_HTTP: "true",
};

export default defineConfig({
  ...base,
  testDir: "e2e/sign-in",
  testIgnore: undefined,
  outputDir: "test-results/e2e-sign-in",
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-sign-in-report.json" }]],
  use: { ...base.use, baseURL: APP_URL },
  projects: undefined,
  webServer: [
    {
      command: "node e2e/support/oidc-provider.mjs",
      url: `${ISSUER}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: { OP_PORT: String(PROVIDER_PORT), APP_URL, OIDC_CLIENT_ID: SIGN_IN_ENV.OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: SIGN_IN_ENV.OIDC_CLIENT_SECRET },
    },
    trailproofServer({
      port: SIGN_IN_PORT,
      dataDir: SIGN_IN_DATA_DIR,
      pgPort: process.env.E2E_SIGN_IN_PG_PORT ?? "54359",
      sandboxPort: process.env.E2E_SIGN_IN_SANDBOX_PORT ?? "4586",
      env: SIGN_IN_ENV,
    }),
  ],
});
