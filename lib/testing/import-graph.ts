import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

// The project modules a module loads at run time, followed transitively: imports and re-exports of values, not the
// type-only ones TypeScript erases. For tests that prove one part of the code never loads another.

const ROOT = path.resolve(import.meta.dirname, "../..");
const EXTENSIONS = [".ts", ".tsx", "/index.ts"];

/** "@/lib/x" or "./x" from `from`, as a path relative to the repository; null for a package. */
function resolve(specifier: string, from: string): string | null {
  const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (base === null) return null;
  const file = [base, ...EXTENSIONS.map((ext) => base + ext)].find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
  if (!file) throw new Error(`${path.relative(ROOT, from)}: cannot resolve ${specifier}`);
  return file;
}

/** The specifiers of `file`'s imports and re-exports that survive compilation. */
function valueSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : null;
      // Erased: `import type`, and `import { type A, type B }` with nothing else (no default, no namespace).
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (!clause.name && named !== null && named.every((e) => e.isTypeOnly)));
      if (!typeOnly) specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) && !statement.isTypeOnly) {
      specifiers.push(statement.moduleSpecifier.text);
    }
  }
  return specifiers;
}

/** Every project module `entry` (a path relative to the repository) loads, itself included, relative paths sorted. */
export function loadedModules(entry: string): string[] {
  const seen = new Set<string>();
  const pending = [path.join(ROOT, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of valueSpecifiers(file)) {
      const target = resolve(specifier, file);
      if (target !== null) pending.push(target);
    }
  }
  return [...seen].map((file) => path.relative(ROOT, file)).sort();
}
