import { accessSync, constants, lstatSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";

// Which Chromium TrailProof prints with (PDF export, `trailproof report`) and the e2e tests drive. One decision, in
// this order: CHROMIUM_PATH; a Chrome or Chromium the machine already has; on Linux x64 the Chromium inside the npm
// package @sparticuz/chromium (installed with `npm install`, unpacked to the temporary directory on first use,
// about 2 s); else an error that says what to install. Nothing is ever downloaded.

export type BrowserSource = "CHROMIUM_PATH" | "installed" | "npm";

export interface ResolvedChromium {
  executablePath: string;
  source: BrowserSource;
}

/** What the resolution looks at, injectable so the order can be tested without the machine's browsers. */
export interface BrowserProbes {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  arch: string;
  isExecutable(file: string): boolean;
  /** The npm package's Chromium, unpacked if it is not yet: its path. */
  unpackNpmChromium(): Promise<string>;
}

/** Where people have a browser already, per platform, most specific first. */
export const INSTALLED_BROWSERS: Partial<Record<NodeJS.Platform, readonly string[]>> = {
  linux: ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"],
  darwin: [
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
  ],
};

// The npm package carries an x64 build only (its README: arm64 is a separate download, which we never do).
const NPM_CHROMIUM_ARCHES = ["x64"];

export const NO_BROWSER_MESSAGE =
  "No Chromium found. Install one (Debian/Ubuntu: `apt-get install chromium`; macOS: Google Chrome), or set " +
  "CHROMIUM_PATH to a Chrome or Chromium executable. On Linux x64 `npm install` provides one (@sparticuz/chromium).";

export async function resolveChromium(probes: BrowserProbes = machineProbes()): Promise<ResolvedChromium> {
  const configured = probes.env.CHROMIUM_PATH;
  // Set means meant: a wrong CHROMIUM_PATH fails at launch with its path in the message, never silently replaced.
  if (configured) return { executablePath: configured, source: "CHROMIUM_PATH" };
  const installed = (INSTALLED_BROWSERS[probes.platform] ?? []).find((file) => probes.isExecutable(file));
  if (installed) return { executablePath: installed, source: "installed" };
  if (probes.platform === "linux" && NPM_CHROMIUM_ARCHES.includes(probes.arch)) {
    try {
      return { executablePath: await probes.unpackNpmChromium(), source: "npm" };
    } catch (error) {
      throw new Error(`${NO_BROWSER_MESSAGE} (@sparticuz/chromium could not be unpacked: ${firstLine(error)})`);
    }
  }
  throw new Error(NO_BROWSER_MESSAGE);
}

// Our flags, not the package's defaults: those are for AWS Lambda and include --disable-web-security and
// --single-process. Without the background-networking flags Chromium keeps calling home on machines that cannot
// reach it.
const BASE_ARGS = [
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-domain-reliability",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
  "--no-pings",
];

/**
 * Chromium's sandbox refuses to start as root, and the npm package's build ships without the setuid helper its
 * sandbox needs where user namespaces are off: only then is it turned off. What it renders is our own HTML, with
 * JavaScript off and the network blocked (print-pdf.ts), so the sandbox is a second wall, not the only one.
 */
export function chromiumArgs(executablePath: string, isRoot = process.getuid?.() === 0): string[] {
  const npmBuild = executablePath === npmChromiumPath();
  return isRoot || npmBuild ? ["--no-sandbox", ...BASE_ARGS] : [...BASE_ARGS];
}

/** Where @sparticuz/chromium unpacks its browser (its executablePath() returns this once it exists). */
export function npmChromiumPath(): string {
  return path.join(tmpdir(), "chromium");
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The package runs whatever file is at /tmp/chromium if one exists, without unpacking: on a shared machine anyone can
 * put one there, and we would run it as ourselves without a sandbox. Only a regular file of our own that no one else
 * may write is taken.
 */
export function assertOwnUnpackedChromium(file: string, uid = process.getuid?.()): void {
  const stat = lstatSync(file);
  const foreign = !stat.isFile() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0;
  if (foreign) {
    throw new Error(
      `${file} is not a file this user unpacked (owner uid ${stat.uid}, mode ${(stat.mode & 0o7777).toString(8)}${stat.isFile() ? "" : ", not a regular file"}): TrailProof will not run it. Remove it, or set TMPDIR to a directory of your own.`,
    );
  }
}

async function unpackNpmChromium(): Promise<string> {
  // Imported lazily: it is big and only the print needs it. Next and the CLI bundle keep it external, so it finds
  // its packed browser next to itself in node_modules.
  const { default: chromium } = await import("@sparticuz/chromium");
  const file = await chromium.executablePath();
  assertOwnUnpackedChromium(file);
  return file;
}

export function machineProbes(): BrowserProbes {
  return { env: process.env, platform: process.platform, arch: process.arch, isExecutable, unpackNpmChromium };
}

/**
 * playwright-core, required from the installed package at run time rather than imported: it finds its own files
 * relative to its folder, so a bundler that copies it elsewhere (the CLI's esbuild bundle in node_modules/.cache)
 * breaks it. Next keeps it external by default. Required relative to the project root, like the fonts.
 */
function playwright(): typeof import("playwright-core") {
  return createRequire(path.join(process.cwd(), "package.json"))("playwright-core") as typeof import("playwright-core");
}

export async function launchChromium(resolved?: ResolvedChromium): Promise<Browser> {
  const { executablePath, source } = resolved ?? (await resolveChromium());
  try {
    return await playwright().chromium.launch({ executablePath, args: chromiumArgs(executablePath) });
  } catch (error) {
    throw new Error(`Chromium (${source}) could not start from ${executablePath}: ${firstLine(error)}. ${NO_BROWSER_MESSAGE}`);
  }
}
