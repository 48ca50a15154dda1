import fs from "node:fs";
import path from "node:path";
import type { SandboxManifest } from "@/lib/sandbox/manifest";
import { E2E_DATA_DIR } from "@/playwright.config";

/** The demo organization the e2e server registered (its sandbox writes the manifest under the data dir). */
export function manifest(dataDir = E2E_DATA_DIR): SandboxManifest {
  const dir = path.join(dataDir, "sandbox");
  const file = fs.readdirSync(dir).find((name) => name.startsWith("manifest-"));
  if (!file) throw new Error(`no sandbox manifest in ${dir}`);
  return JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as SandboxManifest;
}
