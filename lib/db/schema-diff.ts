import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";

// Prisma 7's `migrate diff/dev` need a native engine these machines cannot download. Prisma's own schema engine is
// also shipped compiled to WASM (same engine commit as the CLI); we drive it through @prisma/adapter-pg to compute
// the SQL that takes a database with every migration applied to what schema.prisma says.

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const SCHEMA_PATH = path.resolve(process.cwd(), "prisma", "schema.prisma");

interface WasmSchemaEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

async function loadSchemaEngine(): Promise<{ new: (...args: unknown[]) => Promise<WasmSchemaEngine> }> {
  const require = createRequire(import.meta.url);
  // The engine reports Rust panics through this global; without it a panic surfaces as a TypeError.
  const registry = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  registry.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message: (message) => {
      throw new Error(`Prisma schema engine panicked: ${message}`);
    },
  };
  // The package's entry imports the .wasm as an ES module (bundler style), which Node cannot; instantiate it here.
  const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
    SchemaEngine: { new: (...args: unknown[]) => Promise<WasmSchemaEngine> };
  };
  const wasmPath = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "schema_engine_bg.wasm");
  const imports = { "./schema_engine_bg.js": glue } as unknown as WebAssembly.Imports;
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), imports);
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
  return glue.SchemaEngine;
}

/**
 * @prisma/adapter-pg 7.10.1 gets two things wrong for the schema engine: it rejects the catalog type "char" (OID 18)
 * that introspection reads, and it splits scripts on ";". Report "char" columns as the Character column type (as
 * Text, the engine panics on PostgreSQL 18), and send scripts whole.
 */
function repairedAdapterFactory(connectionString: string) {
  const factory = new PrismaPg({ connectionString });
  const connect = factory.connect.bind(factory);
  // Which result columns of the current queryRaw call were "char"; per call, since queries may interleave.
  const charColumns = new AsyncLocalStorage<number[]>();
  factory.connect = async () => {
    const adapter = await connect();
    const io = adapter as unknown as {
      performIO(query: unknown): Promise<{ fields: { dataTypeID: number }[] }>;
      client: pg.Pool;
      executeScript(script: string): Promise<void>;
    };
    const performIO = io.performIO.bind(io);
    io.performIO = async (query) => {
      const result = await performIO(query);
      result.fields.forEach((field, index) => {
        if (field.dataTypeID !== PG_CHAR_OID) return;
        field.dataTypeID = PG_TEXT_OID; // the value is already a string; the type is corrected below
        charColumns.getStore()?.push(index);
      });
      return result;
    };
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = (query) =>
      charColumns.run([], async () => {
        const result = await queryRaw(query);
        for (const index of charColumns.getStore() ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
        return result;
      });
    io.executeScript = async (script) => void (await io.client.query(script));
    return adapter;
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}

/**
 * Returns the SQL that brings a fresh database with all migrations applied to schema.prisma ("" when in sync).
 * Uses a scratch database on the server of `serverUrl`, created and dropped here.
 */
export async function diffMigrationsAgainstSchema(serverUrl: string): Promise<string> {
  const scratchName = `trailproof_schema_diff_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${scratchName}"`);
  const scratch = new URL(serverUrl);
  scratch.pathname = `/${scratchName}`;
  try {
    await applyMigrations(scratch.toString());
    const schema = fs.readFileSync(SCHEMA_PATH, "utf8");
    const files = [{ path: SCHEMA_PATH, content: schema }];
    const SchemaEngine = await loadSchemaEngine();
    const engine = await SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, () => undefined, repairedAdapterFactory(scratch.toString()));
    try {
      const result = await engine.diff({
        from: { tag: "schemaDatasource", files, configDir: process.cwd() },
        to: { tag: "schemaDatamodel", files },
        script: true,
        exitCode: null,
        filters: { externalTables: [], externalEnums: [] },
      });
      const sql = result.stdout ?? "";
      return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? "" : sql;
    } finally {
      engine.free();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
