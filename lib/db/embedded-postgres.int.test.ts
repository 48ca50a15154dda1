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

// Anyone on the machine can reach 127.0.0.1: a fixed password would let them in. Each data directory gets its own.
test("each data directory gets its own random passwords, kept beside it with mode 0600; the app role is no superuser", async () => {
  const parents = [fs.mkdtempSync(path.join(os.tmpdir(), "tp-embedded-")), fs.mkdtempSync(path.join(os.tmpdir(), "tp-embedded-"))];
  const servers = [];
  try {
    for (const parent of parents) {
      fs.chmodSync(parent, 0o755);
      servers.push(await startEmbeddedPostgres({ dataDir: path.join(parent, "pgdata"), database: "pw", preferredPort: await freePort() }));
    }
    const files = parents.map((parent) => path.join(parent, "pgdata.credentials.json"));
    for (const file of files) expect((fs.statSync(file).mode & 0o777).toString(8)).toBe("600");
    const [first, second] = files.map((file) => JSON.parse(fs.readFileSync(file, "utf8")) as { ownerPassword: string; appPassword: string });
    expect(first!.ownerPassword).not.toBe(second!.ownerPassword);
    expect(first!.appPassword).not.toBe(second!.appPassword);
    expect(first!.ownerPassword.length).toBeGreaterThanOrEqual(40);
    expect(servers[0]!.url).toContain(encodeURIComponent(first!.ownerPassword));

    const port = servers[0]!.port;
    const legacy = new pg.Client({ connectionString: `postgresql://postgres:trailproof-local@127.0.0.1:${port}/pw` });
    await expect(legacy.connect()).rejects.toThrow(/password authentication failed/);
    const wrongServer = new pg.Client({ connectionString: servers[0]!.url.replace(`:${port}/`, `:${servers[1]!.port}/`) });
    await expect(wrongServer.connect()).rejects.toThrow(/password authentication failed/);

    const app = new pg.Client({ connectionString: servers[0]!.appUrl });
    await app.connect();
    const { rows } = await app.query<{ role: string; superuser: boolean; createrole: boolean }>(
      "SELECT current_user AS role, rolsuper AS superuser, rolcreaterole AS createrole FROM pg_roles WHERE rolname = current_user",
    );
    await app.end();
    expect(rows).toEqual([{ role: "trailproof_app", superuser: false, createrole: false }]);
  } finally {
    for (const server of servers) await server.stop();
    for (const parent of parents) fs.rmSync(parent, { recursive: true, force: true });
  }
});
