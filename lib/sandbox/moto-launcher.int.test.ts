import net from "node:net";
import { afterEach, expect, test } from "vitest";
import { startMotoServer } from "@/lib/sandbox/moto-launcher";
import { freePort } from "@/lib/util/ports";

const savedPython = process.env.TRAILPROOF_PYTHON;
afterEach(() => {
  if (savedPython === undefined) delete process.env.TRAILPROOF_PYTHON;
  else process.env.TRAILPROOF_PYTHON = savedPython;
});

test("a missing python says what to install", async () => {
  process.env.TRAILPROOF_PYTHON = "/nonexistent/python3";
  await expect(startMotoServer({ port: await freePort() })).rejects.toThrow('/nonexistent/python3 was not found: install Python 3 and moto (pip install "moto[server]")');
});

test("a python without moto says what to install", async () => {
  process.env.TRAILPROOF_PYTHON = process.execPath; // runs, but `node -c "import moto"` fails: like a python without moto
  await expect(startMotoServer({ port: await freePort() })).rejects.toThrow(/moto is not installed for .*: pip install "moto\[server\]"/);
});

test("a taken port names the port", async () => {
  const port = await freePort();
  const squatter = net.createServer().listen(port, "127.0.0.1");
  await new Promise((r) => squatter.once("listening", r));
  try {
    await expect(startMotoServer({ port })).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use: free it, or choose another sandbox port`);
  } finally {
    squatter.close();
  }
});

test("starts, answers, and stops", async () => {
  const moto = await startMotoServer({ port: await freePort() });
  const response = await fetch(new URL("/moto-api/cloudtrail/public-keys", moto.endpoint));
  expect(await response.json()).toEqual({ keys: [] });
  await moto.stop();
  await expect(fetch(moto.endpoint)).rejects.toThrow();
});
