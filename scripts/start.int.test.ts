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
  expect(stderr.trim()).toBe("trailproof: HOSTNAME=0.0.0.0: TrailProof runs in local mode (no sign-in, a local administrator) and listens on 127.0.0.1 only");
});
