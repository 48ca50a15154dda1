import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import { isProcessAlive } from "@/lib/util/ports";

const require = createRequire(import.meta.url);

/** Runs Next's own CLI with this Node binary (not through npx, whose wrapper would orphan the server on exit). */
export function spawnNext(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const nextBin = require.resolve("next/dist/bin/next");
  return spawn(process.execPath, [nextBin, ...args], { stdio: "inherit", env });
}

export function waitForExit(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/**
 * A PID file for a server we spawn, so that after our own process was killed with SIGKILL (no chance to clean up)
 * the next start can end the orphan instead of failing on "port in use".
 */
export function endOrphanFromPidFile(pidFile: string, commandMustContain: string): boolean {
  if (!fs.existsSync(pidFile)) return false;
  const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
  fs.rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || !isProcessAlive(pid)) return false;
  const cmdline = readCommandLine(pid);
  if (!cmdline.includes(commandMustContain)) return false; // the PID was reused by something else: leave it alone
  process.kill(pid, "SIGTERM");
  return true;
}

function readCommandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}
