import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packageNames = ['core', 'pss', 'netpol', 'rbac', 'encryption', 'audit', 'schema', 'cli', 'lsp'];

// Tests import the TypeScript sources of sibling packages, so a change is tested without a rebuild.
const alias = Object.fromEntries(
  packageNames.map((name) => [
    `@kubeharden/${name}`,
    fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url)),
  ]),
);

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    setupFiles: [fileURLToPath(new URL('./test/setup.ts', import.meta.url))],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
