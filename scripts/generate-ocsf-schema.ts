// Generates the JSON Schemas of the OCSF classes TrailProof exports (lib/services/export/schemas/) from a checkout of
// the official schema sources, github.com/ocsf/ocsf-schema, at a release tag:
//
//   git clone --branch 1.8.0 --depth 1 https://github.com/ocsf/ocsf-schema /tmp/ocsf-schema
//   npx tsx scripts/generate-ocsf-schema.ts /tmp/ocsf-schema
//
// It compiles the sources the way the OCSF schema server does: a class or object inherits its parent's attributes
// (`extends`), takes those of the profiles it `$include`s only when the event applies the profile (TrailProof applies
// "cloud"), and each attribute's definition is the dictionary's with the class's or object's refinements on top (enum
// values merged). Into JSON Schema (draft-07) it translates: `requirement: required` → `required`; the attribute's
// type (dictionary types → JSON types, with their `regex` as `pattern` and `range` as minimum/maximum; objects →
// `$ref` to a definition); `is_array` → an array; an `enum` on an integer attribute → those values only; the class's
// own uids (category_uid, class_uid, type_uid = class_uid × 100 + activity_id) → those values only; `constraints`
// (at_least_one, just_one) → anyOf/oneOf of required; and no attribute the schema does not define
// (additionalProperties false), except in objects of the generic type `object` (unmapped, data), which hold anything.
// Not translated: "recommended" (not a validation rule), sibling consistency (severity ↔ severity_id), observables.

import fs from "node:fs";
import path from "node:path";

type Json = Record<string, unknown>;
interface AttributeSource {
  type?: string;
  is_array?: boolean;
  requirement?: string;
  enum?: Record<string, unknown>;
  profile?: string | null;
  [key: string]: unknown;
}
interface Definition {
  name: string;
  uid?: number;
  category?: string;
  extends?: string;
  attributes: Record<string, AttributeSource>;
  constraints?: { at_least_one?: string[]; just_one?: string[] };
}

const CLASSES = ["compliance_finding", "detection_finding"];
const PROFILES = ["cloud"];
const OUT = path.join(import.meta.dirname, "..", "lib", "services", "export", "schemas");

const root = process.argv[2] ?? "";
if (!root) {
  console.error("usage: npx tsx scripts/generate-ocsf-schema.ts <ocsf-schema checkout at a release tag>");
  process.exit(2);
}
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), "utf8")) as Json;
const version = (read("version.json") as { version: string }).version;
const dictionary = read("dictionary.json") as { attributes: Record<string, AttributeSource>; types: { attributes: Record<string, Json> } };
const categories = (read("categories.json") as { attributes: Record<string, { uid: number }> }).attributes;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : entry.name.endsWith(".json") ? [path.join(dir, entry.name)] : []));
}
const byName = (dir: string) => new Map(filesUnder(dir).map((file) => [read(file).name as string, read(file) as unknown as Definition]));
const events = byName("events");
const objects = byName("objects");

/** A definition's own attributes, with its `$include`d profile attributes marked by profile (or kept, if applied). */
function ownAttributes(definition: Definition): Record<string, AttributeSource> {
  const { $include, ...attributes } = definition.attributes as Record<string, AttributeSource> & { $include?: string[] };
  const included: Record<string, AttributeSource> = {};
  for (const file of ($include as unknown as string[] | undefined) ?? []) {
    const profile = read(file) as unknown as Definition;
    for (const [name, attribute] of Object.entries(profile.attributes)) included[name] = { ...attribute, profile: profile.name };
  }
  // The definition's own entry refines an included one (e.g. `"profile": null`: always present in this class).
  const merged: Record<string, AttributeSource> = { ...included };
  for (const [name, attribute] of Object.entries(attributes)) merged[name] = { ...(included[name] ?? {}), ...attribute };
  return merged;
}

function mergeAttribute(base: AttributeSource | undefined, refinement: AttributeSource): AttributeSource {
  const merged = { ...(base ?? {}), ...refinement };
  if (base?.enum || refinement.enum) merged.enum = { ...(base?.enum ?? {}), ...(refinement.enum ?? {}) };
  return merged;
}

/** All attributes of a definition down its `extends` chain, refined by the dictionary, without unapplied profiles. */
function compiledAttributes(definition: Definition, all: Map<string, Definition>): Record<string, AttributeSource> {
  const parent = definition.extends ? all.get(definition.extends) : undefined;
  const inherited = parent ? compiledAttributes(parent, all) : {};
  const result: Record<string, AttributeSource> = { ...inherited };
  for (const [name, attribute] of Object.entries(ownAttributes(definition))) result[name] = mergeAttribute(result[name], attribute);
  return result;
}

function withDictionary(name: string, attribute: AttributeSource): AttributeSource | null {
  if (attribute.profile && !PROFILES.includes(attribute.profile)) return null;
  const entry = dictionary.attributes[name];
  if (!entry) throw new Error(`attribute ${name} is not in the dictionary`);
  return mergeAttribute(entry, attribute);
}

const definitions: Record<string, Json> = {};

function typeSchema(typeName: string): Json {
  const type = dictionary.types.attributes[typeName];
  if (!type) throw new Error(`unknown type ${typeName}`);
  const base: Json = typeof type.type === "string" ? typeSchema(type.type) : { type: { boolean_t: "boolean", float_t: "number", integer_t: "integer", long_t: "integer", string_t: "string" }[typeName] };
  if (typeName === "json_t") return {};
  const schema: Json = { ...base };
  if (typeof type.regex === "string") schema.pattern = type.regex;
  if (Array.isArray(type.range)) Object.assign(schema, { minimum: type.range[0], maximum: type.range[1] });
  if (typeof type.max_len === "number") schema.maxLength = type.max_len;
  return schema;
}

function attributeSchema(attribute: AttributeSource): Json {
  const typeName = attribute.type ?? "string_t";
  let schema: Json;
  if (typeName.endsWith("_t")) {
    schema = typeSchema(typeName);
    if (attribute.enum && schema.type === "integer") schema.enum = Object.keys(attribute.enum).map(Number);
  } else {
    schema = { $ref: `#/definitions/${objectDefinition(typeName)}` };
  }
  return attribute.is_array ? { type: "array", items: schema } : schema;
}

/** A definition's constraints, its own or else its nearest parent's. */
function constraintsOf(definition: Definition | undefined, all: Map<string, Definition>): Definition["constraints"] {
  if (!definition) return undefined;
  return definition.constraints ?? constraintsOf(definition.extends ? all.get(definition.extends) : undefined, all);
}

function requiredRules(definition: Definition, attributes: Record<string, AttributeSource>, all: Map<string, Definition>): Json {
  const required = Object.entries(attributes).filter(([, a]) => a.requirement === "required").map(([n]) => n).sort();
  const rules: Json = required.length ? { required } : {};
  const constraints = constraintsOf(definition, all);
  if (constraints?.at_least_one) rules.anyOf = constraints.at_least_one.map((n) => ({ required: [n] }));
  if (constraints?.just_one) rules.oneOf = constraints.just_one.map((n) => ({ required: [n] }));
  return rules;
}

function objectDefinition(name: string): string {
  if (definitions[name]) return name;
  const definition = objects.get(name);
  if (!definition) throw new Error(`unknown object ${name}`);
  if (name === "object") {
    definitions[name] = { type: "object" };
    return name;
  }
  definitions[name] = {}; // placeholder: objects refer to each other
  const attributes = Object.fromEntries(
    Object.entries(compiledAttributes(definition, objects)).flatMap(([n, a]) => {
      const full = withDictionary(n, a);
      return full ? [[n, full]] : [];
    }),
  );
  definitions[name] = {
    title: (definition as unknown as Json).caption,
    type: "object",
    properties: Object.fromEntries(Object.entries(attributes).map(([n, a]) => [n, attributeSchema(a)])),
    additionalProperties: false,
    ...requiredRules(definition, attributes, objects),
  };
  return name;
}

function classSchema(name: string): Json {
  const definition = events.get(name);
  if (!definition?.uid) throw new Error(`unknown class ${name}`);
  let category = definition.category;
  for (let d: Definition | undefined = definition; !category && d?.extends; d = events.get(d.extends)) category = events.get(d.extends)?.category;
  const categoryUid = categories[category!]!.uid;
  const classUid = categoryUid * 1000 + definition.uid;
  const attributes = Object.fromEntries(
    Object.entries(compiledAttributes(definition, events)).flatMap(([n, a]) => {
      const full = withDictionary(n, a);
      return full ? [[n, full]] : [];
    }),
  );
  const properties = Object.fromEntries(Object.entries(attributes).map(([n, a]) => [n, attributeSchema(a)]));
  const activities = Object.keys(attributes.activity_id?.enum ?? {}).map(Number);
  properties.category_uid = { type: "integer", enum: [categoryUid] };
  properties.class_uid = { type: "integer", enum: [classUid] };
  properties.type_uid = { type: "integer", enum: activities.map((id) => classUid * 100 + id) };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: `https://schema.ocsf.io/${version}/classes/${name}`,
    title: `${(definition as unknown as Json).caption} (OCSF ${version}, class ${classUid}, profiles: ${PROFILES.join(", ")})`,
    type: "object",
    properties,
    additionalProperties: false,
    ...requiredRules(definition, attributes, events),
    definitions,
  };
}

fs.mkdirSync(path.join(OUT, `ocsf-${version}`), { recursive: true });
for (const name of CLASSES) {
  for (const key of Object.keys(definitions)) delete definitions[key];
  const schema = classSchema(name);
  fs.writeFileSync(path.join(OUT, `ocsf-${version}`, `${name}.schema.json`), JSON.stringify(schema, null, 2) + "\n");
  console.log(`${name}: ${Object.keys(schema.properties as Json).length} attributes, ${Object.keys(definitions).length} objects`);
}
