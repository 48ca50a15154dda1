import { z } from "zod";
import { productVersion } from "@/lib/util/product-version";
import { ENDPOINTS } from "@/lib/services/api/endpoints";
import { PARAMETERS } from "@/lib/services/api/query";
import { COMPONENTS } from "@/lib/services/api/schemas";

// The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the API's responses are declared with
// (schemas.ts) and its endpoint table (endpoints.ts), so it cannot describe a list the API does not serve.
// OpenAPI 3.1's schema objects are JSON Schema 2020-12, zod's own output dialect.

const SCHEMA_REF = "#/components/schemas/";

function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", uri: (id) => `${SCHEMA_REF}${id}` });
  // Each component carries its own $schema and $id; inside an OpenAPI document they are named by their place.
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, (({ $schema, $id, ...rest }) => (void $schema, void $id, rest))(schema)]));
}

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: `${SCHEMA_REF}Error` } } } });

function listPath(endpoint: (typeof ENDPOINTS)[number]) {
  return {
    get: {
      operationId: `list${endpoint.name[0]!.toUpperCase()}${endpoint.name.slice(1)}`,
      summary: endpoint.summary,
      description: endpoint.description,
      security: [{ bearerToken: [] }],
      parameters: endpoint.parameters.map((name) => {
        const p = PARAMETERS[name];
        return { name: p.name, in: "query", required: false, description: p.description, schema: p.schema, ...("list" in p ? { style: "form", explode: true } : {}) };
      }),
      responses: {
        "200": { description: "One page", content: { "application/json": { schema: { $ref: `${SCHEMA_REF}${endpoint.responseName}` } } } },
        "400": errorResponse("A bad parameter or cursor: the message names it"),
        "401": errorResponse("No token, or one that is unknown, revoked or expired"),
        "403": errorResponse("The token's role (its ceiling, cut to its creator's current roles) may not read this"),
        "405": errorResponse("Any method but GET: the API is read-only"),
        ...Object.fromEntries(Object.entries(endpoint.errors ?? {}).map(([status, description]) => [status, errorResponse(description)])),
      },
    },
  };
}

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "TrailProof API",
      version: productVersion(),
      description: "Read-only access to TrailProof's accounts, findings, validation runs and alerts, with a personal API token from Settings. Every list is cursor-paginated: follow `next` until it is null.",
    },
    servers: [{ url: "/api/v1" }],
    paths: Object.fromEntries(ENDPOINTS.map((e) => [`/${e.name}`, listPath(e)])),
    components: {
      securitySchemes: { bearerToken: { type: "http", scheme: "bearer", description: "A personal API token (tp_…) from Settings → API tokens." } },
      schemas: componentSchemas(),
    },
  };
}
