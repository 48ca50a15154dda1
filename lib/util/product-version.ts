import fs from "node:fs";
import path from "node:path";

let version: string | undefined;

/** TrailProof's version from package.json: printed in evidence reports and named in exported findings. */
export function productVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { version?: string }).version ?? "unknown";
  return version;
}
