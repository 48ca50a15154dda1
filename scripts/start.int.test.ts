import { spawn } from "node:child_process";
import net from "node:net";
import { expect, test } from "vitest";
import { freePort } from "@/lib/util/ports";

// What a user sees when `npm start` cannot start: one line naming the problem, a non-zero exit, no stack trace.
function runStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

test("a port in use stops the start with one line naming the port", async () => {
  const port = await freePort();
  const squatter = net.createServer().listen(port, "127.0.0.1");
  await new Promise((r) => squatter.once("listening", r));
  try {
    const { code, stderr } = await runStart({ PORT: String(port), DATABASE_URL: "postgresql://u:p@127.0.0.1:1/x" });
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      `trailproof: port ${port} on 127.0.0.1 is already in use: stop what listens there, or set PORT to another port`,
    );
  } finally {
    squatter.close();
  }
});

test("an unreachable DATABASE_URL stops the start with one line, password hidden", async () => {
  const port = await freePort();
  const { code, stderr } = await runStart({ PORT: String(port), DATABASE_URL: "postgresql://u:s3cret@127.0.0.1:1/x" });
  expect(code).toBe(1);
  expect(stderr.trim()).toBe(
    "trailproof: Cannot connect to the database in DATABASE_URL (postgresql://u:***@127.0.0.1:1/x): connect ECONNREFUSED 127.0.0.1:1",
  );
});

test("an invalid setting names the setting", async () => {
  const { code, stderr } = await runStart({ PORT: "not-a-port" });
  expect(code).toBe(2);
  expect(stderr.trim()).toMatch(/^trailproof: Invalid configuration: PORT: /);
});

test("local mode refuses to listen beyond this machine", async () => {
  const { code, stderr } = await runStart({ HOSTNAME: "0.0.0.0", DATABASE_URL: "postgresql://u:p@127.0.0.1:1/x" });
  expect(code).toBe(2);
  expect(stderr.trim()).toBe("trailproof: HOSTNAME=0.0.0.0: without an identity provider (OIDC_ISSUER, see docs/access.md) TrailProof runs in local mode (no sign-in, a local administrator) and listens on 127.0.0.1 only");
});

const SIGN_IN = {
  OIDC_ISSUER: "https://id.example.com",
  OIDC_CLIENT_ID: "trailproof",
  OIDC_CLIENT_SECRET: "s",
  APP_URL: "https://trailproof.example.com",
  AUTH_SECRET: "x".repeat(40),
  OIDC_ROLE_MAP: "admin=secops",
};

test("half a sign-in configuration stops the start instead of falling back to local mode", async () => {
  const { code, stderr } = await runStart({ OIDC_ISSUER: SIGN_IN.OIDC_ISSUER, HOSTNAME: "0.0.0.0", DATABASE_URL: "postgresql://u:p@127.0.0.1:1/x" });
  expect(code).toBe(2);
  expect(stderr.trim()).toMatch(/^trailproof: Sign-in is half configured: OIDC_ISSUER set but OIDC_CLIENT_ID, .* missing$/);
});

test("with sign-in over plain http (tests only) it still listens on 127.0.0.1 only", async () => {
  const http = { ...SIGN_IN, OIDC_ISSUER: "http://127.0.0.1:9", APP_URL: "http://127.0.0.1:3000", OIDC_ALLOW_HTTP: "true" };
  const { code, stderr } = await runStart({ ...http, HOSTNAME: "0.0.0.0", DATABASE_URL: "postgresql://u:p@127.0.0.1:1/x" });
  expect(code).toBe(2);
  expect(stderr.trim()).toMatch(/OIDC_ALLOW_HTTP sends the session and client secret in clear/);
});
