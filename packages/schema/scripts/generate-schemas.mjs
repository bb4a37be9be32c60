// Generates schemas/kubernetes.json, the bundled schemas of the built-in kinds, cert-manager and
// the Gateway API, from the type declarations of the kubernetes-models packages. Those
// declarations are generated upstream from the Kubernetes OpenAPI document and from the projects'
// CRDs, and carry every field's name, type, enum values and whether it is required. The packages'
// runtime validators cannot be used instead: they accept unknown fields.
//
// Usage: npm run generate -w @kubeharden/schema [-- --output <file>]
// (needs the package's devDependencies installed; writes schemas/kubernetes.json by default).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import * as prettier from 'prettier';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { output: { type: 'string' } } });
const bundledFile = join(packageRoot, 'schemas', 'kubernetes.json');
const output = values.output ? resolve(values.output) : bundledFile;

/**
 * The source packages. `prefix` turns a declaration file path into a definition id.
 * `customResources` marks packages generated from CRDs, because a user's own CRD may describe
 * their groups in another version.
 */
const SOURCES = [
  { name: 'kubernetes-models', prefix: (path) => (path.startsWith('v1/') ? `core/${path}` : path) },
  { name: '@kubernetes-models/apimachinery', prefix: (path) => path.replace(/^apis\//, '') },
  { name: '@kubernetes-models/cert-manager', prefix: (path) => path, customResources: true },
  { name: '@kubernetes-models/gateway-api', prefix: (path) => path, customResources: true },
];

function packageDirectory(name) {
  return dirname(require.resolve(`${name}/package.json`, { paths: [packageRoot] }));
}

function declarationFiles(directory) {
  const files = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '_schemas' && entry.name !== 'node_modules')
        files.push(...declarationFiles(path));
    } else if (entry.name.endsWith('.d.ts') && entry.name !== 'index.d.ts') {
      files.push(path);
    }
  }
  return files.sort();
}

const roots = SOURCES.map((source) => ({ ...source, directory: packageDirectory(source.name) }));
const program = ts.createProgram(
  roots.flatMap((root) => declarationFiles(root.directory)),
  {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  },
);
const checker = program.getTypeChecker();

function rootOf(fileName) {
  return roots.find((candidate) => fileName.startsWith(candidate.directory + sep));
}

/** Returns the definition id of a declaration file, or `undefined` outside the source packages. */
function definitionId(fileName) {
  const root = rootOf(fileName);
  if (!root) return undefined;
  const path = relative(root.directory, fileName)
    .split(sep)
    .join('/')
    .replace(/\.d\.ts$/, '');
  return root.prefix(path);
}

const definitions = new Map();
const kinds = {};
const customResourceGroups = new Set();
const unmapped = new Set();

function isNullish(type) {
  return (type.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0;
}

/** Converts a declared type into a schema node (see src/schema/node.ts for the format). */
function nodeOf(type, where) {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'any';
  if (type.flags & ts.TypeFlags.BooleanLike) return 'boolean';
  if (type.flags & ts.TypeFlags.StringLiteral) return { enum: [type.value] };
  if (type.flags & ts.TypeFlags.String) return 'string';
  if (type.flags & ts.TypeFlags.NumberLike) return 'number';

  if (type.isUnion()) {
    const members = type.types.filter((member) => !isNullish(member));
    if (members.length === 1) return nodeOf(members[0], where);
    if (members.every((member) => member.flags & ts.TypeFlags.BooleanLiteral)) return 'boolean';
    if (members.every((member) => member.flags & ts.TypeFlags.StringLiteral)) {
      return { enum: members.map((member) => member.value).sort() };
    }
    const stringLike = members.every(
      (member) => member.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike),
    );
    if (stringLike && members.some((member) => member.flags & ts.TypeFlags.NumberLike))
      return 'int-or-string';
    if (stringLike) return 'string';
    unmapped.add(`${where}: ${checker.typeToString(type)}`);
    return 'any';
  }

  if (checker.isArrayType(type)) {
    const [item] = checker.getTypeArguments(type);
    return { array: nodeOf(item, `${where}[]`) };
  }

  if (type.flags & ts.TypeFlags.Object) {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const declaration = symbol?.declarations?.[0];
    const named = declaration && ts.isInterfaceDeclaration(declaration);
    const id = named ? definitionId(declaration.getSourceFile().fileName) : undefined;
    if (id) {
      define(id, type, declaration.name.text.replace(/^I/, ''));
      return definitions.get(id) === 'any' ? 'any' : { ref: id };
    }
    return objectNode(type, where);
  }

  unmapped.add(`${where}: ${checker.typeToString(type)}`);
  return 'any';
}

/** Converts an object type into a node with its properties, the required ones, and map values. */
function objectNode(type, where) {
  const properties = {};
  const required = [];
  for (const property of checker.getPropertiesOfType(type)) {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    const propertyType = checker.getNonNullableType(
      checker.getTypeOfSymbolAtLocation(property, declaration),
    );
    properties[property.name] = nodeOf(propertyType, `${where}.${property.name}`);
    if ((property.flags & ts.SymbolFlags.Optional) === 0) required.push(property.name);
  }
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  const values = index ? nodeOf(index.type, `${where}[*]`) : undefined;

  // An interface without fields is a free-form value in the OpenAPI document (RawExtension, JSON).
  if (Object.keys(properties).length === 0)
    return values === undefined || values === 'any' ? 'any' : { map: values };
  const node = { properties: sortKeys(properties) };
  if (required.length > 0) node.required = required.sort();
  if (values !== undefined) node.map = values;
  return node;
}

function define(id, type, title) {
  if (definitions.has(id)) return;
  definitions.set(id, null);
  const node = objectNode(type, title);
  definitions.set(id, node === 'any' ? 'any' : { title, ...node });
}

/** Sorts keys by code unit, so that the output does not depend on the locale. */
function sortKeys(record) {
  const entries = Object.entries(record);
  entries.sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(entries);
}

/** Reads the literal type of an `apiVersion` or `kind` property, or `undefined`. */
function literalProperty(type, name) {
  const property = type.getProperty(name);
  if (!property) return undefined;
  const declaration = property.valueDeclaration ?? property.declarations?.[0];
  const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration);
  return propertyType.isStringLiteral() ? propertyType.value : undefined;
}

for (const sourceFile of program.getSourceFiles()) {
  const id = definitionId(sourceFile.fileName);
  if (!id || !sourceFile.isDeclarationFile) continue;
  for (const statement of sourceFile.statements) {
    if (!ts.isInterfaceDeclaration(statement)) continue;
    const type = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(statement.name));
    const apiVersion = literalProperty(type, 'apiVersion');
    const kind = literalProperty(type, 'kind');
    if (!apiVersion || !kind || kind.endsWith('List')) continue;
    define(id, type, statement.name.text.replace(/^I/, ''));
    kinds[apiVersion] ??= {};
    kinds[apiVersion][kind] = id;
    if (rootOf(sourceFile.fileName).customResources)
      customResourceGroups.add(apiVersion.split('/')[0]);
  }
}

if (unmapped.size > 0) {
  process.stderr.write(
    `Types read as "any" because they have no schema equivalent:\n  ${[...unmapped].join('\n  ')}\n`,
  );
}

const sources = roots.map((root) => {
  const manifest = JSON.parse(readFileSync(join(root.directory, 'package.json'), 'utf8'));
  return { package: manifest.name, version: manifest.version, license: manifest.license };
});
const document = {
  comment:
    'Generated by scripts/generate-schemas.mjs from the packages listed in sources; do not edit.',
  sources,
  customResourceGroups: [...customResourceGroups].sort(),
  kinds: sortKeys(
    Object.fromEntries(
      Object.entries(kinds).map(([version, byKind]) => [version, sortKeys(byKind)]),
    ),
  ),
  definitions: sortKeys(Object.fromEntries(definitions)),
};
// Formatted like every other file of the repository, so that a regeneration shows a readable diff.
const options = { ...(await prettier.resolveConfig(bundledFile)), parser: 'json' };
writeFileSync(output, await prettier.format(JSON.stringify(document), options));
process.stdout.write(
  `Wrote ${relative(process.cwd(), output)}: ${Object.keys(document.definitions).length} definitions, ` +
    `${Object.values(kinds).reduce((sum, byKind) => sum + Object.keys(byKind).length, 0)} kinds.\n`,
);
