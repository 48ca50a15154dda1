import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_OPTIONS, type SandboxOptions } from "@/lib/sandbox/plan";
import { startSandbox, type RunningSandbox } from "@/lib/sandbox/sandbox";
import { seedDemoFiles } from "@/lib/sandbox/seed-files";
import { freePort } from "@/lib/util/ports";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const AWS_VARIABLES = ["AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"];

/** A freshly seeded demo organization on a free port, with this process's AWS environment pointed at it. */
export async function startTestSandbox(
  options: SandboxOptions = DEFAULT_OPTIONS,
  { files = false }: { files?: boolean } = {},
): Promise<RunningSandbox & { pointAt(endpoint: string): void }> {
  const saved = Object.fromEntries(AWS_VARIABLES.map((name) => [name, process.env[name]]));
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-test-sandbox-"));
  const sandbox = await startSandbox({ port: await freePort(), options, stateDir, ...(files ? { seedFiles: seedDemoFiles } : {}) });
  const pointAt = (endpoint: string) =>
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_REGION: "us-east-1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    });
  pointAt(sandbox.endpoint);
  return {
    ...sandbox,
    pointAt,
    stop: async () => {
      await sandbox.stop();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
