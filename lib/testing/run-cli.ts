import { spawn } from "node:child_process";
import { testDatabaseUrl } from "@/lib/testing/database";

export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npx trailproof ARGS` as an operator runs it: a process of its own (bin/trailproof.mjs), the test database as
 * DATABASE_URL, the rest of the environment inherited (AWS_ENDPOINT_URL and credentials when a test set them), plus
 * `env`; `stdin` is written to its standard input.
 */
export function runTrailproof(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/trailproof.mjs", ...args], {
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(), ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}
