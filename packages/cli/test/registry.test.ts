import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { HIPAA, renderRuleDoc, renderRuleIndex } from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import { createRegistry } from '../src/registry.js';

const DOCS_DIR = fileURLToPath(new URL('../../../docs/rules/', import.meta.url));
const REGENERATE =
  'regenerate the pages with `node packages/cli/bin/kubeharden.js docs docs/rules` after a build';

const rules = createRegistry().list();
const hipaaSections = new Set(HIPAA.requirements.map((requirement) => requirement.id));

describe('rule registry', () => {
  it('unique rule ids', () => {
    const ids = rules.map((rule) => rule.id);

    expect(new Set(ids).size).toBe(ids.length);
  });

  it('pages for exactly the registered rules', () => {
    const pages = readdirSync(DOCS_DIR)
      .filter((name) => name.endsWith('.md') && name !== 'README.md')
      .map((name) => name.slice(0, -'.md'.length))
      .sort();

    expect(pages, REGENERATE).toEqual(rules.map((rule) => rule.id).sort());
  });

  it('index page', () => {
    expect(readFileSync(`${DOCS_DIR}README.md`, 'utf8'), REGENERATE).toBe(renderRuleIndex(rules));
  });

  for (const rule of rules) {
    describe(rule.id, () => {
      it('kebab-case id', () => {
        expect(rule.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      });

      it('description ends with a period', () => {
        expect(rule.meta.description).toMatch(/^[A-Z].*\.$/s);
      });

      it('remediation ends with a period', () => {
        expect(rule.meta.remediation).toMatch(/^[A-Z].*\.$/s);
      });

      it('rationale ends with a period', () => {
        expect(rule.meta.rationale).toMatch(/^[A-Z].*\.$/s);
      });

      it('known HIPAA sections', () => {
        const unknown = rule.meta.hipaa.filter((section) => !hipaaSections.has(section));

        expect(unknown).toEqual([]);
      });

      // Like defineRule, engine checks (source) and structural validation (schema) support every
      // control rather than one requirement, so they list no section.
      if (rule.meta.area !== 'source' && rule.meta.area !== 'schema') {
        it('at least one HIPAA section', () => {
          expect(rule.meta.hipaa.length).toBeGreaterThan(0);
        });
      }

      it('generated docs page', () => {
        const page = readFileSync(`${DOCS_DIR}${rule.id}.md`, 'utf8');

        expect(page, REGENERATE).toBe(renderRuleDoc(rule));
      });
    });
  }
});
