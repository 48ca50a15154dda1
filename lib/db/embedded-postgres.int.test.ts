import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test } from "vitest";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { freePort, isProcessAlive } from "@/lib/util/ports";

function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
}

// The parent of an embedded server killed with SIGKILL cannot stop it. The next start must reuse that server
// (same data, same port) instead of failing, and own it from then on.
test("a server left running by a killed process is adopted, then stopped", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-embedded-"));
  fs.chmodSync(dataDir, 0o755); // the postgres user must be able to enter it
  const port = await freePort();
  const holder = spawn(process.execPath, ["--import", "tsx", "lib/testing/fixtures/hold-embedded-postgres.ts", dataDir, String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    holder.stdout.on("data", (chunk: Buffer) => {
      const match = /READY (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    holder.once("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
  holder.kill("SIGKILL");
  await new Promise((r) => holder.once("exit", r));
  const orphan = postmasterPid(dataDir);
  expect(isProcessAlive(orphan)).toBe(true);

  const adopted = await startEmbeddedPostgres({ dataDir, database: "held", preferredPort: port });
  expect(adopted).toMatchObject({ ownership: "orphan", port, url });
  const client = new pg.Client({ connectionString: adopted.url });
  await client.connect();
  expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  await client.end();

  await adopted.stop();
  expect(isProcessAlive(orphan)).toBe(false);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// A command run beside `npm start` uses the same embedded server, and must leave it running when it ends.
test("a server whose starter is alive is shared, never stopped", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-embedded-"));
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  const holder = spawn(process.execPath, ["--import", "tsx", "lib/testing/fixtures/hold-embedded-postgres.ts", dataDir, String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("READY") && resolve());
      holder.once("exit", (code) => reject(new Error(`holder exited with ${code}`)));
    });
    const shared = await startEmbeddedPostgres({ dataDir, database: "held", preferredPort: port });
    expect(shared.ownership).toBe("shared");
    await shared.stop();
    expect(isProcessAlive(postmasterPid(dataDir))).toBe(true);
  } finally {
    holder.kill("SIGTERM"); // its embedded-postgres exit hook stops the server
    await new Promise((r) => holder.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
