import Ajv2020 from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as accountsRoute from "@/app/api/v1/accounts/route";
import * as alertsRoute from "@/app/api/v1/alerts/route";
import * as findingsRoute from "@/app/api/v1/findings/route";
import * as openApiRoute from "@/app/api/v1/openapi.json/route";
import * as validationsRoute from "@/app/api/v1/validations/route";
import type { Actor } from "@/lib/auth/roles";
import { LOCAL_ADMIN } from "@/lib/auth/roles";
import { recordAudit, type AuditContext } from "@/lib/db/audit-repository";
import { readOnly } from "@/lib/http/api-v1";
import { createApiToken, revokeApiToken } from "@/lib/services/api/tokens";
import { loadExportFindings } from "@/lib/services/export/load-findings";
import { resetDatabase, testDatabaseUrl, testPrisma } from "@/lib/testing/database";

// The read-only API through its real route handlers (the modules Next serves under app/api/v1) on a real PostgreSQL,
// with tokens made by the real service. Every response body, errors included, is validated against the OpenAPI
// document the API itself serves, by ajv (JSON Schema 2020-12, OpenAPI 3.1's dialect). Expected rows are written here
// by hand, never read back through the code under test.

const prisma = testPrisma();
const BASE = "http://127.0.0.1:3000";
const ROUTES = { accounts: accountsRoute, alerts: alertsRoute, findings: findingsRoute, validations: validationsRoute } as const;
type ListName = keyof typeof ROUTES;

const viewer: Actor = { id: "oidc:vera", name: "Vera Viewer", roles: ["viewer"], mode: "oidc" };
const operator: Actor = { id: "oidc:otto", name: "Otto Operator", roles: ["operator", "viewer"], mode: "oidc" };
const as = (actor: Actor): AuditContext => ({ actor, source: { ip: "127.0.0.1", userAgent: "vitest" } });

// The fixture, by hand: ten accounts, three with a trail; one scan; 12 validation runs and 9 alerts, several sharing a
// timestamp so only the id can order them.
const ACCOUNT_IDS = Array.from({ length: 10 }, (_, i) => `1000000000${String(i + 1).padStart(2, "0")}`);
const TRAIL_ARN = (n: number) => `arn:aws:cloudtrail:us-east-1:${ACCOUNT_IDS[n]}:trail/main-${n}`;
const T0 = Date.parse("2026-11-01T00:00:00.000Z");
const RUN_ID = "00000000-0000-4000-8000-000000000001";

let doc: ReturnType<typeof JSON.parse>;
let ajv: Ajv2020;
let viewerToken: string;

async function call(name: ListName | "openapi", init: { path?: string; token?: string | null; method?: string } = {}) {
  const route = name === "openapi" ? openApiRoute : ROUTES[name];
  const url = `${BASE}${init.path ?? `/api/v1/${name === "openapi" ? "openapi.json" : name}`}`;
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? viewerToken : init.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const method = (init.method ?? "GET") as "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  const handler = (route as Record<string, unknown>)[method] as (request: Request) => Promise<Response> | Response;
  const response = await handler(new Request(url, { method, headers }));
  const body: unknown = await response.json();
  return { status: response.status, headers: response.headers, body: body as Record<string, unknown> & { data?: Record<string, unknown>[]; next?: string | null; error?: string } };
}

/** Validates a response of `path` against the schema the document gives for its status. */
function expectDocumented(path: string, response: { status: number; body: unknown }) {
  const operation = doc.paths[path]?.get;
  expect(operation, `${path} is in the document`).toBeDefined();
  const ref: string = operation.responses[String(response.status)]?.content["application/json"].schema.$ref;
  expect(ref, `${path} documents status ${response.status}`).toBeDefined();
  const validate = ajv.getSchema(`trailproof-openapi${ref}`)!;
  const valid = validate(response.body);
  expect(validate.errors ?? [], JSON.stringify(response.body).slice(0, 400)).toEqual([]);
  expect(valid).toBe(true);
}

async function get(name: ListName, query = "", token?: string | null) {
  const response = await call(name, { path: `/api/v1/${name}${query}`, token });
  expectDocumented(`/${name}`, response);
  return response;
}

/** Every page from `query`, following `next`; `between` runs after each page (to insert rows mid-walk). */
async function walk(name: ListName, query: string, between?: (page: number) => Promise<void>) {
  const items: Record<string, unknown>[] = [];
  let path: string | null = `/api/v1/${name}${query}`;
  let pages = 0;
  while (path) {
    const response = await call(name, { path });
    expect(response.status).toBe(200);
    expectDocumented(`/${name}`, response);
    items.push(...response.body.data!);
    path = response.body.next ?? null;
    pages += 1;
    if (path && between) await between(pages);
  }
  return { items, pages };
}

async function seed() {
  await prisma.account.createMany({ data: ACCOUNT_IDS.map((id, i) => ({ id, name: `account-${i + 1}` })) });
  const trails = await Promise.all(
    [0, 1, 2].map((n) => prisma.trail.create({ data: { arn: TRAIL_ARN(n), name: `main-${n}`, accountId: ACCOUNT_IDS[n]!, homeRegion: "us-east-1" } })),
  );
  const scan = await prisma.scanRun.create({ data: { trigger: "test", status: "succeeded", createdAt: new Date(Date.now() - 3_600_000) } });
  await prisma.scanAccount.createMany({ data: [0, 1, 2].map((n) => ({ scanId: scan.id, accountId: ACCOUNT_IDS[n]!, status: "succeeded" as const })) });
  const result = (n: number, checkId: string, status: "pass" | "fail", withTrail = true) => ({
    scanId: scan.id,
    accountId: ACCOUNT_IDS[n]!,
    trailId: withTrail ? trails[n]!.id : null,
    checkId,
    status,
    severity: "high" as const,
    reason: `${checkId} is ${status}`,
  });
  await prisma.checkResult.createMany({
    data: [result(0, "multi_region", "fail"), result(0, "kms_cmk", "fail"), result(0, "log_file_validation", "pass"), result(1, "kms_cmk", "fail"), result(2, "logging_enabled", "fail", false)],
  });
  // Runs 0..11: pairs share a creation time (T0 + ⌊i/2⌋ minutes).
  await prisma.validationRun.createMany({
    data: Array.from({ length: 12 }, (_, i) => ({
      id: `00000000-0000-4000-8000-1000000000${String(i).padStart(2, "0")}`,
      trailId: trails[i % 3]!.id,
      accountId: ACCOUNT_IDS[i % 3]!,
      regions: ["us-east-1"],
      windowStart: new Date(T0 - 86_400_000),
      windowEnd: new Date(T0),
      trigger: "test",
      status: "succeeded" as const,
      createdAt: new Date(T0 + Math.floor(i / 2) * 60_000),
    })),
  });
  await prisma.alert.createMany({
    data: Array.from({ length: 9 }, (_, i) => ({
      id: `00000000-0000-4000-8000-2000000000${String(i).padStart(2, "0")}`,
      key: `check-failed|${ACCOUNT_IDS[i % 3]}|${i}`,
      kind: "check-failed",
      severity: "high" as const,
      title: `alert ${i}`,
      reason: "fixture",
      accountId: ACCOUNT_IDS[i % 3]!,
      runKind: "scan",
      runId: RUN_ID,
      firstSeen: new Date(T0 + Math.floor(i / 3) * 60_000),
      lastSeen: new Date(T0 + 3_600_000 + i * 1000),
      state: i === 8 ? ("resolved" as const) : ("open" as const),
    })),
  });
}

const counts = async () => ({ accounts: await prisma.account.count(), runs: await prisma.validationRun.count(), alerts: await prisma.alert.count(), results: await prisma.checkResult.count() });

beforeAll(async () => {
  process.env.DATABASE_URL = testDatabaseUrl(); // the route handlers' db()
  await resetDatabase();
  await seed();
  doc = (await call("openapi", { token: null })).body;
  ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addFormat("date-time", (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  // The document as one schema resource, so the responses' "#/components/schemas/…" references resolve inside it;
  // its OpenAPI-only members are declared as annotations.
  for (const keyword of ["openapi", "info", "servers", "paths", "components"]) ajv.addKeyword(keyword);
  ajv.addSchema({ ...doc, $id: "trailproof-openapi" });
  await recordAudit(prisma, as(viewer), { action: "auth.sign-in", outcome: "succeeded" });
  viewerToken = (await createApiToken(prisma, as(viewer), { name: "viewer reads", role: "viewer", expiresInDays: 30 })).token;
});
afterAll(() => prisma.$disconnect());

describe("the OpenAPI document", () => {
  test("is OpenAPI 3.1 and lists exactly the four lists, each GET-only with a bearer token", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(["/accounts", "/alerts", "/findings", "/validations"]);
    for (const path of Object.values(doc.paths) as Record<string, unknown>[]) expect(Object.keys(path)).toEqual(["get"]);
    expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
  });
});

describe("tokens", () => {
  test("a viewer's token reads every list; the body has the documented shape", async () => {
    for (const name of Object.keys(ROUTES) as ListName[]) expect((await get(name)).status, name).toBe(200);
    const accounts = await get("accounts");
    expect(accounts.body.data!.map((a) => a.id)).toEqual(ACCOUNT_IDS);
    expect(JSON.stringify(accounts.body)).not.toContain("externalId");
  });

  test("cannot write: every other method is 405 on every list, nothing changes, and no route exports a write", async () => {
    const before = await counts();
    for (const name of Object.keys(ROUTES) as ListName[]) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const response = await call(name, { method });
        expect(response.status, `${method} /${name}`).toBe(405);
        expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
        expect(response.body.error).toMatch(/read-only/);
      }
      const allowed = await ROUTES[name].OPTIONS();
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
      // Besides GET and OPTIONS (which only names the methods), every handler is the 405 answer: there is no write
      // path to reach with any token.
      const handlers = Object.entries(ROUTES[name]).filter(([key, value]) => typeof value === "function" && key !== "GET" && key !== "OPTIONS");
      expect(handlers.map(([key]) => key).sort()).toEqual(["DELETE", "PATCH", "POST", "PUT"]);
      for (const [, handler] of handlers) expect(handler).toBe(readOnly);
    }
    expect(await counts()).toEqual(before);
  });

  test("missing, malformed, unknown, wrong-secret, revoked and expired tokens all get the same 401", async () => {
    const admin = await createApiToken(prisma, as(LOCAL_ADMIN), { name: "to revoke", role: "admin", expiresInDays: 1 });
    expect((await get("accounts", "", admin.token)).status).toBe(200);
    await revokeApiToken(prisma, as(LOCAL_ADMIN), admin.row.id);
    // Made 10 days ago with a 1-day life.
    const expired = await createApiToken(prisma, as(viewer), { name: "expired", role: "viewer", expiresInDays: 1 }, new Date(Date.now() - 10 * 86_400_000));
    const wrongSecret = `${viewerToken.slice(0, 12)}${"A".repeat(43)}`;
    const unknown = `tp_00000000_${"B".repeat(43)}`;
    const answers = [];
    for (const token of [null, "not-a-token", unknown, wrongSecret, admin.token, expired.token]) {
      const response = await get("accounts", "", token);
      expect(response.status, String(token)).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="trailproof"');
      answers.push(response.body.error);
    }
    expect(new Set(answers).size).toBe(1);
    // A session cookie means nothing here.
    const cookie = await accountsRoute.GET(new Request(`${BASE}/api/v1/accounts`, { headers: { cookie: "trailproof-session=anything" } }));
    expect(cookie.status).toBe(401);
    const audit = await prisma.auditEvent.findMany({ where: { action: { startsWith: "api-token." } }, orderBy: { id: "asc" }, select: { action: true, target: true, actor: true } });
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: "api-token.create", target: admin.row.id, actor: "local-admin" },
        { action: "api-token.revoke", target: admin.row.id, actor: "local-admin" },
        { action: "api-token.create", target: expired.row.id, actor: viewer.id },
      ]),
    );
  });

  test("a token never exceeds its creator: not at creation, and a demoted creator's token is demoted (403)", async () => {
    await expect(createApiToken(prisma, as(viewer), { name: "too high", role: "operator", expiresInDays: 30 })).rejects.toThrow(/cannot exceed your own role/);
    await expect(createApiToken(prisma, as(viewer), { name: "too long", role: "viewer", expiresInDays: 367 })).rejects.toThrow(/1 to 366 days/);
    // Roles are not a ladder: an auditor's token is not an operator's, an administrator may make a viewer's.
    await expect(createApiToken(prisma, as({ ...viewer, roles: ["auditor"] }), { name: "sideways", role: "operator", expiresInDays: 30 })).rejects.toThrow(/cannot exceed/);
    const low = await createApiToken(prisma, as(LOCAL_ADMIN), { name: "admin's viewer token", role: "viewer", expiresInDays: 30 });
    expect(low.row.roles).toEqual(["viewer"]);
    expect((await get("validations", "", low.token)).status).toBe(200);
    await recordAudit(prisma, as(operator), { action: "auth.sign-in", outcome: "succeeded" });
    const { token } = await createApiToken(prisma, as(operator), { name: "ops", role: "viewer", expiresInDays: 30 });
    expect((await get("alerts", "", token)).status).toBe(200);
    // Otto's groups no longer map to any role: his next sign-in is refused, and his token holds nothing.
    await recordAudit(prisma, as({ ...operator, roles: [] }), { action: "auth.sign-in", outcome: "refused" });
    const demoted = await get("alerts", "", token);
    expect(demoted.status).toBe(403);
    expect(demoted.body.error).toMatch(/holds no permission now/);
  });

  test("every use is counted, concurrent ones too", async () => {
    const { token, row } = await createApiToken(prisma, as(viewer), { name: "counted", role: "viewer", expiresInDays: 30 });
    await Promise.all(Array.from({ length: 12 }, () => get("accounts", "?limit=1", token)));
    const stored = await prisma.apiToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.useCount).toBe(12);
    expect(stored.lastUsedAt).not.toBeNull();
    expect(stored.secretHash).not.toContain(token.slice(12));
    expect(stored.prefix).toBe(token.slice(0, 11));
  });
});

describe("pagination", () => {
  test("accounts: every page walked gives the ten accounts once each, in id order", async () => {
    const { items, pages } = await walk("accounts", "?limit=3");
    expect(pages).toBe(4);
    expect(items.map((a) => a.id)).toEqual(ACCOUNT_IDS);
  });

  test("rows inserted between pages cause no duplicates and no skips", async () => {
    const inserted: string[] = [];
    const { items } = await walk("accounts", "?limit=3", async (page) => {
      // One id before everything already read, one after the cursor.
      const ids = [`0000000000${String(page).padStart(2, "0")}`, `2000000000${String(page).padStart(2, "0")}`];
      inserted.push(...ids);
      await prisma.account.createMany({ data: ids.map((id) => ({ id, name: id })) });
    });
    const seen = items.map((a) => a.id as string);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => ACCOUNT_IDS.includes(id))).toEqual(ACCOUNT_IDS);
    await prisma.account.deleteMany({ where: { id: { in: inserted } } });
  });

  test("validation runs: newest first, ties broken by id, stable while newer runs arrive", async () => {
    // Hand order: times descending (pairs 5..0), inside a pair the larger id first.
    const expected = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((i) => `00000000-0000-4000-8000-1000000000${String(i).padStart(2, "0")}`);
    const newer: string[] = [];
    const { items, pages } = await walk("validations", "?limit=5", async (page) => {
      const run = await prisma.validationRun.create({
        data: { trailId: (await prisma.trail.findFirstOrThrow()).id, accountId: ACCOUNT_IDS[0]!, regions: [], windowStart: new Date(T0), windowEnd: new Date(T0), trigger: `between ${page}` },
      });
      newer.push(run.id);
    });
    expect(pages).toBe(3);
    expect(items.map((r) => r.id)).toEqual(expected);
    expect((items[0]!.trail as { arn: string }).arn).toBe(TRAIL_ARN(2));
    await prisma.validationRun.deleteMany({ where: { id: { in: newer } } });
  });

  test("validation runs filter by account and since", async () => {
    const { items } = await walk("validations", `?limit=2&account=${ACCOUNT_IDS[1]}&since=2026-11-01T00:02:00Z`);
    // Account 2 ran i = 1, 4, 7, 10; created at T0 + 0, 2, 3, 5 minutes.
    expect(items.map((r) => r.id)).toEqual([10, 7, 4].map((i) => `00000000-0000-4000-8000-1000000000${String(i).padStart(2, "0")}`));
  });

  test("alerts: by first sighting, newest first, ties by id; state filter", async () => {
    const { items } = await walk("alerts", "?limit=4");
    expect(items.map((a) => a.title)).toEqual(["alert 8", "alert 7", "alert 6", "alert 5", "alert 4", "alert 3", "alert 2", "alert 1", "alert 0"]);
    const open = await walk("alerts", "?limit=4&state=open");
    expect(open.items.map((a) => a.title)).not.toContain("alert 8");
    expect(open.items).toHaveLength(8);
  });

  test("findings: the export's findings with its ids, every one once across pages", async () => {
    const { items } = await walk("findings", "?limit=2");
    const pairs = items.map((f) => `${f.checkId} ${(f.trail as { arn: string } | null)?.arn ?? `account:${f.accountId}`}`).sort();
    expect(pairs).toEqual([`kms_cmk ${TRAIL_ARN(0)}`, `kms_cmk ${TRAIL_ARN(1)}`, `logging_enabled account:${ACCOUNT_IDS[2]}`, `multi_region ${TRAIL_ARN(0)}`]);
    const now = new Date();
    const exported = await loadExportFindings(prisma, { window: { from: new Date(now.getTime() - 30 * 86_400_000), to: now } });
    expect(items.map((f) => f.id).sort()).toEqual(exported.findings.map((f) => f.id).sort());
    const one = await walk("findings", `?account=${ACCOUNT_IDS[1]}`);
    expect(one.items.map((f) => f.checkId)).toEqual(["kms_cmk"]);
  });
});

describe("bad requests get a clear JSON error", () => {
  test.each([
    ["accounts", "?limit=0", 400, /limit: at least 1/],
    ["accounts", "?limit=501", 400, /limit: at most 500/],
    ["accounts", "?limit=ten", 400, /limit: a whole number/],
    ["accounts", "?acount=100000000001", 400, /acount: not a parameter/],
    ["accounts", "?cursor=garbage", 400, /cursor: not a cursor/],
    ["validations", "?since=yesterday", 400, /since: an ISO 8601 time/],
    ["findings", "?since=2999-01-01T00:00:00Z", 400, /since: must be in the past/],
    ["validations", "?limit=5&limit=6", 400, /limit: give it once/],
    ["alerts", "?state=closed", 400, /state: open, acknowledged or resolved/],
    ["findings", "?account=999999999999", 404, /Unknown to TrailProof: account 999999999999/],
    ["findings", "?account=12", 400, /account: a 12-digit/],
  ] as const)("%s%s → %i", async (name, query, status, message) => {
    const response = await get(name, query);
    expect(response.status).toBe(status);
    expect(response.body.error).toMatch(message);
  });

  test("a cursor of another list is refused", async () => {
    const first = await get("accounts", "?limit=1");
    const cursor = new URL(`${BASE}${first.body.next}`).searchParams.get("cursor")!;
    const response = await get("alerts", `?cursor=${cursor}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/another list/);
  });
});
