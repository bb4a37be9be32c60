import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { formatPath, type Finding } from '@kubeharden/core';
import { expect, it } from 'vitest';

import { describeShared } from '../../../test/shared.js';
import { createSchemaRules, SCHEMA_RULES } from '../src/index.js';
import { applied, checkFiles, registryOf, textAt } from './helpers.js';

const SCHEMA_RULE_IDS = new Set(SCHEMA_RULES.map((rule) => rule.id));

/** Findings of the schema rules for a file of the cases folder, with the file's text. */
function schemaFindings(folder: string, name: string): { text: string; findings: Finding[] } {
  const text = readFileSync(join(folder, name), 'utf8');
  const findings = checkFiles([[name, text]]).filter((finding) =>
    SCHEMA_RULE_IDS.has(finding.ruleId),
  );
  return { text, findings };
}

function expectation(text: string): string {
  return text.split('\n', 1)[0]!;
}

describeShared('cases with a schema expectation', 'cases/', (folder) => {
  it('case-04 pod-level allowPrivilegeEscalation', () => {
    const { text, findings } = schemaFindings(folder, 'case-04.yaml');
    const [finding] = findings;

    expect(expectation(text)).toContain(
      'unknown field spec.securityContext.allowPrivilegeEscalation',
    );
    expect(findings).toHaveLength(1);
    expect(finding!.ruleId).toBe('no-unknown-fields');
    expect(formatPath(finding!.path)).toBe('spec.securityContext.allowPrivilegeEscalation');
    expect(textAt(text, finding!)).toBe('allowPrivilegeEscalation');
    expect(finding!.message).toContain(
      "PodSecurityContext has no such field; set it in each container's securityContext",
    );
    expect(finding!.fix).toBeUndefined();
  });

  it('case-04 suggestion sets the container field only', () => {
    const { text, findings } = schemaFindings(folder, 'case-04.yaml');
    const output = applied(text, findings[0]!.suggestions![0]!);

    expect(output).toContain(
      [
        '    - name: app',
        '      image: registry.example.com/app:1.0',
        '      securityContext:',
        '        allowPrivilegeEscalation: false',
      ].join('\n'),
    );
    expect(output).not.toMatch(/^ {4}allowPrivilegeEscalation/m);
    expect(
      checkFiles([['case-04.yaml', output]]).filter((finding) =>
        SCHEMA_RULE_IDS.has(finding.ruleId),
      ),
    ).toEqual([]);
  });

  it('case-05 pod-level capabilities', () => {
    const { text, findings } = schemaFindings(folder, 'case-05.yaml');
    const [finding] = findings;

    expect(expectation(text)).toContain('unknown field capabilities in PodSecurityContext');
    expect(findings).toHaveLength(1);
    expect(finding!.ruleId).toBe('no-unknown-fields');
    expect(formatPath(finding!.path)).toBe('spec.template.spec.securityContext.capabilities');
    expect(textAt(text, finding!)).toBe('capabilities');
    expect(finding!.message).toContain('PodSecurityContext has no such field');
  });

  it('case-25 schema error on the mixed peer only', () => {
    const { text, findings } = schemaFindings(folder, 'case-25.yaml');
    const [finding] = findings;

    expect(expectation(text)).toContain('document 2 is INVALID');
    expect(findings).toHaveLength(1);
    expect(finding!.ruleId).toBe('no-conflicting-fields');
    expect(finding!.documentIndex).toBe(1);
    expect(formatPath(finding!.path)).toBe('spec.ingress[0].from[0].namespaceSelector');
    expect(textAt(text, finding!)).toBe('namespaceSelector');
  });

  it('case-38 unknown fields in every document', () => {
    const { text, findings } = schemaFindings(folder, 'case-38.yaml');

    expect(expectation(text)).toContain('schema diagnostics in EVERY document');
    expect(
      findings.map((finding) => [finding.ruleId, finding.documentIndex, textAt(text, finding)]),
    ).toEqual([
      ['no-unknown-fields', 0, 'imagePullPolicyy'],
      ['no-unknown-fields', 1, 'securityContex'],
    ]);
    expect(findings.map((finding) => finding.fix?.description)).toEqual([
      'Rename "imagePullPolicyy" to "imagePullPolicy"',
      'Rename "securityContex" to "securityContext"',
    ]);
    expect(findings.some((finding) => /multiple schemas/i.test(finding.message))).toBe(false);
  });

  it('case-40 one type error on the port', () => {
    const { text, findings } = schemaFindings(folder, 'case-40.yaml');
    const [finding] = findings;

    expect(expectation(text)).toContain(
      'ONE diagnostic located on spec.defaultBackend.service.port',
    );
    expect(findings).toHaveLength(1);
    expect(finding!.ruleId).toBe('valid-field-types');
    expect(formatPath(finding!.path)).toBe('spec.defaultBackend.service.port');
    expect(textAt(text, finding!)).toBe('80');
    expect(finding!.message).toContain(
      'ServiceBackendPort object with "name" or "number", not integer 80',
    );
  });

  it('case-44 misspelt annotations with a rename fix', () => {
    const { text, findings } = schemaFindings(folder, 'case-44.yaml');
    const [finding] = findings;

    expect(expectation(text)).toContain(
      'unknown field metadata.annotation (did you mean metadata.annotations?)',
    );
    expect(findings).toHaveLength(1);
    expect(finding!.documentIndex).toBe(1);
    expect(formatPath(finding!.path)).toBe('metadata.annotation');
    expect(textAt(text, finding!)).toBe('annotation');
    expect(finding!.message).toContain('(did you mean "annotations"?)');
    expect(applied(text, finding!.fix!)).toContain(
      '  annotations:\n    kubeharden.io/ignore: "no-secret-read"',
    );
  });
});

describeShared('case-46 with the Velero CRD', 'crds/velero/', (crdFolder) => {
  const casesFolder = join(crdFolder, '..', '..', 'cases');
  const crdText = readFileSync(join(crdFolder, 'velero.io_backupstoragelocations.yaml'), 'utf8');
  const caseText = readFileSync(join(casesFolder, 'case-46.yaml'), 'utf8');

  /** Asserts the schema part of case-46 in `file`, whose first case document has `documentIndex`. */
  function expectCase46(
    findings: readonly Finding[],
    text: string,
    file: string,
    documentIndex: number,
  ): void {
    const ofCase = findings.filter(
      (finding) => finding.file === file && SCHEMA_RULE_IDS.has(finding.ruleId),
    );

    expect(ofCase).toHaveLength(1);
    expect(ofCase[0]!.ruleId).toBe('no-unknown-fields');
    expect(ofCase[0]!.documentIndex).toBe(documentIndex);
    expect(formatPath(ofCase[0]!.path)).toBe('spec.objectStorage.serverSideEncryption');
    expect(textAt(text, ofCase[0]!)).toBe('serverSideEncryption');
    expect(ofCase[0]!.message).toContain('set it under spec.config');
  }

  it('case-46 expectation line', () => {
    expect(expectation(caseText)).toContain(
      'schema error "unknown field spec.objectStorage.serverSideEncryption"',
    );
  });

  it('CRD in another file with every kind validated', () => {
    const findings = checkFiles(
      [
        ['velero.io_backupstoragelocations.yaml', crdText],
        ['case-46.yaml', caseText],
      ],
      registryOf(createSchemaRules({ kinds: 'all' })),
    );

    expectCase46(findings, caseText, 'case-46.yaml', 0);
  });

  it('CRD in the same file with the default kinds', () => {
    const text = `${crdText.replace(/\n*$/, '\n')}---\n${caseText}`;

    expectCase46(checkFiles([['case-46.yaml', text]]), text, 'case-46.yaml', 1);
  });
});
