import { createRequire } from "node:module";
import path from "node:path";
import type { Browser } from "playwright-core";

// Debian's Chromium, launched with the flags the e2e tests use too (playwright.config.ts imports them from here).
// Without the background-networking flags Chromium keeps calling home on machines that cannot reach it.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

/**
 * playwright-core, required from the installed package at run time rather than imported: it finds its own files
 * relative to its folder, so a bundler that copies it elsewhere (the CLI's esbuild bundle in node_modules/.cache)
 * breaks it. Next keeps it external by default. Required relative to the project root, like the fonts.
 */
function playwright(): typeof import("playwright-core") {
  return createRequire(path.join(process.cwd(), "package.json"))("playwright-core") as typeof import("playwright-core");
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

export async function launchChromium(): Promise<Browser> {
  try {
    return await playwright().chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  } catch (error) {
    throw new Error(`Chromium could not start from ${chromiumPath()} (install Debian's chromium or set CHROMIUM_PATH): ${(error as Error).message.split("\n")[0]}`);
  }
}
