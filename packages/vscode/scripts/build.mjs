// Bundles the extension with esbuild into dist/:
//   dist/extension.js   the language client, loaded by VS Code (`vscode` stays external)
//   dist/server.js      the language server entry, started by the client over Node IPC
//   dist/node_modules/@kubeharden/<name>/   one CommonJS bundle per kubeharden package
//   dist/THIRD_PARTY_NOTICES.txt   licenses of the npm packages inlined into the bundles
// The kubeharden packages stay modules of their own, resolved by name from both bundles, so that
// the client and the server share their code and each package keeps the layout it reads at run
// time (the language server reads its version from ../package.json).
// Usage: node scripts/build.mjs [--production | --tests]
//   --production  minifies (source maps are written either way)
//   --tests       bundles only the extension-host tests of e2e/exthost, into .e2e-cache/exthost/dist
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const withTests = process.argv.includes('--tests');

// The kubeharden packages the extension and its server need at run time.
const PACKAGES = ['core', 'pss', 'netpol', 'rbac', 'encryption', 'audit', 'lsp'];

// A CommonJS bundle has no import.meta, so the packages' uses of import.meta.url (the syntax
// worker's location, the package version) read this file URL of the bundle instead.
const IMPORT_META_URL = '__kubeharden_import_meta_url';
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // VS Code 1.100 runs extensions on Node 20; code-server 4.139 runs them on Node 24.
  target: 'node20',
  minify: production,
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  external: ['vscode', '@kubeharden/*'],
  define: { 'import.meta.url': IMPORT_META_URL },
  banner: {
    js: `const ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;`,
  },
};

/**
 * Rewrites `new URL('<relative>', import.meta.url)` in a package's compiled files so that it
 * points next to the package's bundle, and collects the referenced files as extra entry points.
 * esbuild leaves such URLs alone, and a bundle flattens the folders they are relative to.
 */
function moduleUrlPlugin(bundleDirectory, packageRoot, assets) {
  return {
    name: 'module-url',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const pattern = /new URL\((['"])(\.{1,2}\/[^'"]+)\1,\s*import\.meta\.url\)/g;
        if (!pattern.test(source)) return undefined;
        const contents = source.replace(pattern, (_match, quote, target) => {
          const asset = resolve(dirname(args.path), target);
          const output = join(bundleDirectory, relative(join(packageRoot, 'dist'), asset));
          assets.set(asset, output);
          const fromBundle = relative(bundleDirectory, output);
          return `new URL(${quote}./${fromBundle}${quote}, import.meta.url)`;
        });
        return { contents, loader: 'js' };
      });
    },
  };
}

/** Bundles one kubeharden package, mirroring its layout: package.json and dist/index.js. */
async function bundlePackage(name) {
  const manifestPath = fileURLToPath(import.meta.resolve(`@kubeharden/${name}/package.json`));
  const packageRoot = dirname(manifestPath);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const target = join(root, 'dist/node_modules/@kubeharden', name);
  const bundleDirectory = join(target, 'dist');
  const assets = new Map();

  const results = [
    await esbuild.build({
      ...common,
      entryPoints: [fileURLToPath(import.meta.resolve(`@kubeharden/${name}`))],
      outfile: join(bundleDirectory, 'index.js'),
      plugins: [moduleUrlPlugin(bundleDirectory, packageRoot, assets)],
    }),
  ];
  for (const [asset, output] of assets) {
    results.push(await esbuild.build({ ...common, entryPoints: [asset], outfile: output }));
  }
  // No "type" field, because the bundles are CommonJS. `main` lets require() by name find them.
  const bundledManifest = {
    name: manifest.name,
    version: manifest.version,
    license: manifest.license,
    main: 'dist/index.js',
  };
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(bundledManifest, null, 2)}\n`);
  return results;
}

/**
 * Writes the name, version, license and license text of every npm package that esbuild inlined
 * into the bundles (the kubeharden packages themselves share this extension's license).
 */
function writeNotices(results) {
  const packageRoots = new Set();
  for (const result of results) {
    for (const input of Object.keys(result.metafile.inputs)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(resolve(input));
      if (match) packageRoots.add(match[1]);
    }
  }
  const sections = [...packageRoots]
    .map((packageRoot) => {
      const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
      const licenseFile = readdirSync(packageRoot).find((file) => /^licen[cs]e/i.test(file));
      const text = licenseFile ? readFileSync(join(packageRoot, licenseFile), 'utf8').trim() : '';
      return `${manifest.name} ${manifest.version} (${manifest.license})\n\n${text}`;
    })
    .sort();
  const header = 'The kubeharden extension bundles these npm packages.';
  writeFileSync(
    join(root, 'dist/THIRD_PARTY_NOTICES.txt'),
    `${[header, ...sections].join(`\n\n${'-'.repeat(72)}\n\n`)}\n`,
  );
}

if (withTests) {
  await esbuild.build({
    ...common,
    entryPoints: {
      index: join(root, 'e2e/exthost/index.ts'),
      untrusted: join(root, 'e2e/exthost/untrusted.ts'),
    },
    outdir: join(root, '.e2e-cache/exthost/dist'),
  });
  process.exit(0);
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(join(root, 'dist'), { recursive: true });
const builds = await Promise.all([
  ...PACKAGES.map(bundlePackage),
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'src/extension.ts')],
    outfile: join(root, 'dist/extension.js'),
  }),
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'src/server.ts')],
    outfile: join(root, 'dist/server.js'),
  }),
]);
writeNotices(builds.flat());
