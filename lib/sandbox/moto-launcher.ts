import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { isPortFree } from "@/lib/util/ports";

// Starts moto's server (a real AWS API emulator, python3) with TrailProof's additions on 127.0.0.1, and waits until
// it accepts requests. The additions live in lib/sandbox/moto/trailproof_moto.py.

const SERVER_SCRIPT = path.resolve(process.cwd(), "lib", "sandbox", "moto", "trailproof_moto.py");
const READY = /^TRAILPROOF_MOTO_READY (\S+)/m;

export interface MotoServer {
  endpoint: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export class SandboxError extends Error {}

export function python(): string {
  return process.env.TRAILPROOF_PYTHON ?? "python3";
}

/** Null when python3 can run moto's server, else what to install. */
export function motoProblem(): string | null {
  const probe = spawnSync(python(), ["-c", "import moto, moto.server; print(moto.__version__)"], { encoding: "utf8" });
  if (probe.error) return `${python()} was not found: install Python 3 and moto (pip install "moto[server]")`;
  if (probe.status !== 0) return `moto is not installed for ${python()}: pip install "moto[server]"`;
  return null;
}

export async function startMotoServer(options: { port: number; log?: (line: string) => void }): Promise<MotoServer> {
  const problem = motoProblem();
  if (problem) throw new SandboxError(problem);
  if (!(await isPortFree(options.port))) {
    throw new SandboxError(`port ${options.port} on 127.0.0.1 is already in use: free it, or choose another sandbox port`);
  }
  const child = spawn(python(), [SERVER_SCRIPT, "-H", "127.0.0.1", "-p", String(options.port)], {
    stdio: ["ignore", "pipe", "pipe"],
    // moto's request recorder writes to a file in the working directory unless told otherwise.
    env: { ...process.env, PYTHONUNBUFFERED: "1", MOTO_RECORDER_FILEPATH: path.join(os.tmpdir(), `trailproof-moto-recording-${options.port}`) },
  });
  const endpoint = await waitForReady(child, options.log);
  return {
    endpoint,
    port: options.port,
    pid: child.pid ?? -1,
    stop: () => stopChild(child),
  };
}

function waitForReady(child: ChildProcess, log?: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new SandboxError(`moto did not become ready within 60 s: ${lastLine(output)}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      log?.(text);
      const match = READY.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new SandboxError(`moto exited before it was ready (code ${code}): ${lastLine(output)}`));
    });
  });
}

function lastLine(output: string): string {
  return output.trim().split("\n").at(-1) ?? "no output";
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
