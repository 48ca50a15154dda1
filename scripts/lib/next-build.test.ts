import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { isBuildStale } from "@/scripts/lib/next-build";

function project(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "build-"));
  fs.mkdirSync(path.join(root, "app"));
  fs.writeFileSync(path.join(root, "app", "page.tsx"), "export default 1");
  return root;
}

function touch(file: string, secondsAgo: number): void {
  const when = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(file, when, when);
}

test("no build at all is stale", () => {
  expect(isBuildStale(project())).toBe(true);
});

test("a build newer than every source is current; editing a source makes it stale", () => {
  const root = project();
  fs.mkdirSync(path.join(root, ".next"));
  fs.writeFileSync(path.join(root, ".next", "BUILD_ID"), "x");
  touch(path.join(root, "app", "page.tsx"), 60);
  touch(path.join(root, "app"), 60);
  expect(isBuildStale(root)).toBe(false);

  fs.writeFileSync(path.join(root, "app", "page.tsx"), "export default 2");
  touch(path.join(root, "app", "page.tsx"), -5);
  expect(isBuildStale(root)).toBe(true);
});
