import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { formatPath, type Finding } from '@kubeharden/core';
import { describe, expect, it } from 'vitest';

import { describeShared } from '../../../../test/shared.js';
import { applied, checkText, positionOf, type RunOptions } from './helpers.js';

// Manifests rebuilt from bug reports against other tools. The first line of each file,
// `# expect: ...`, states the verdict. These tests check its Pod Security part through the
// engine with every PSS rule.
describeShared('shared PSS cases', 'cases/', (casesDir) => {
  const read = (name: string): string => readFileSync(join(casesDir, `${name}.yaml`), 'utf8');

  const findingsOf = (name: string, ruleId: string, options: RunOptions = {}): Finding[] =>
    checkText(read(name), options).filter((finding) => finding.ruleId === ruleId);

  /** Findings that come from the Pod Security evaluation, whatever their rule. */
  const controlFindings = (name: string, options: RunOptions = {}): Finding[] =>
    checkText(read(name), options).filter((finding) => finding.data?.pssCheck !== undefined);

  const paths = (findings: readonly Finding[]): string[] =>
    findings.map((finding) => formatPath(finding.path));

  it('expectation line of every case', () => {
    const names = ['01', '03', '04', '05', '06', '08', '10', '11', '14', '16', '17', '19', '20'];
    for (const name of names) {
      expect(read(`case-${name}`).startsWith('# expect: '), `case-${name}`).toBe(true);
    }
  });

  describe('case-01 pod-level runAsNonRoot and runAsUser', () => {
    it('no runAsNonRoot finding', () => {
      expect(findingsOf('case-01', 'require-run-as-non-root')).toEqual([]);
    });

    it('no root user finding', () => {
      expect(findingsOf('case-01', 'no-run-as-root-user')).toEqual([]);
    });
  });

  describe('case-03 privileged unset', () => {
    it('no finding at baseline', () => {
      expect(findingsOf('case-03', 'no-privileged-containers', { level: 'baseline' })).toEqual([]);
    });

    it('no finding at restricted', () => {
      expect(findingsOf('case-03', 'no-privileged-containers')).toEqual([]);
    });
  });

  describe('case-04 allowPrivilegeEscalation in the pod security context', () => {
    it('finding for container app', () => {
      const [finding, ...rest] = findingsOf('case-04', 'no-privilege-escalation');

      expect(rest).toEqual([]);
      expect(finding!.message).toBe(
        'Container "app" does not set securityContext.allowPrivilegeEscalation, which defaults to true; set it to false.',
      );
      expect(formatPath(finding!.path)).toBe(
        'spec.containers[0].securityContext.allowPrivilegeEscalation',
      );
      expect(positionOf(finding!)).toEqual([11, 13, 11, 16]);
    });

    it('fix on the container field', () => {
      const text = read('case-04');
      const [finding] = findingsOf('case-04', 'no-privilege-escalation');
      const image = '      image: registry.example.com/app:1.0\n';
      const expected = text.replace(
        image,
        `${image}      securityContext:\n        allowPrivilegeEscalation: false\n`,
      );

      expect(applied(text, finding!.fix!)).toBe(expected);
    });

    it.todo(
      'schema error for spec.securityContext.allowPrivilegeEscalation (pending: schema validation)',
    );
  });

  describe('case-05 capabilities in the pod security context', () => {
    it('findings for the init and the main container', () => {
      const findings = findingsOf('case-05', 'require-drop-all-capabilities');

      expect(findings.map((finding) => finding.message)).toEqual([
        'Init container "init" does not drop "ALL" capabilities; add "ALL" to securityContext.capabilities.drop.',
        'Container "main" does not drop "ALL" capabilities; add "ALL" to securityContext.capabilities.drop.',
      ]);
      expect(paths(findings)).toEqual([
        'spec.template.spec.initContainers[0].securityContext.capabilities.drop',
        'spec.template.spec.containers[0].securityContext.capabilities.drop',
      ]);
      expect(findings.map(positionOf)).toEqual([
        [20, 17, 20, 21],
        [23, 17, 23, 21],
      ]);
    });

    it.todo(
      'schema error for spec.template.spec.securityContext.capabilities (pending: schema validation)',
    );
  });

  describe('case-06 lower-case all', () => {
    it('finding on the drop entry', () => {
      const [finding, ...rest] = findingsOf('case-06', 'require-drop-all-capabilities');

      expect(rest).toEqual([]);
      expect(finding!.message).toBe(
        'Container "app" drops "all", but the check accepts only the exact upper-case "ALL"; change it to "ALL".',
      );
      expect(positionOf(finding!)).toEqual([19, 15, 19, 18]);
    });

    it('fix to upper case', () => {
      const text = read('case-06');
      const [finding] = findingsOf('case-06', 'require-drop-all-capabilities');

      expect(finding!.fix?.description).toBe('Write the capability as "ALL"');
      expect(applied(text, finding!.fix!)).toBe(
        text.replace('            - all\n', '            - ALL\n'),
      );
    });

    it.todo('info note that container runtimes read "all" as "ALL" (pending: no rule reports it)');
  });

  describe('case-08 pod-level runAsNonRoot false', () => {
    it('finding on the pod field only', () => {
      const findings = findingsOf('case-08', 'require-run-as-non-root');

      expect(findings.map((finding) => finding.message)).toEqual([
        'The pod sets securityContext.runAsNonRoot to false; set it to true.',
      ]);
      expect(paths(findings)).toEqual(['spec.securityContext.runAsNonRoot']);
      expect(findings.map(positionOf)).toEqual([[9, 19, 9, 24]]);
    });
  });

  describe('case-10 privileged init container', () => {
    it('finding on initContainers[0]', () => {
      const findings = findingsOf('case-10', 'no-privileged-containers', { level: 'baseline' });

      expect(findings.map((finding) => finding.message)).toEqual([
        'Init container "setup" sets securityContext.privileged to true; remove it or set it to false.',
      ]);
      expect(paths(findings)).toEqual([
        'spec.template.spec.initContainers[0].securityContext.privileged',
      ]);
      expect(findings.map(positionOf)).toEqual([[18, 25, 18, 29]]);
    });
  });

  describe('case-11 privileged ephemeral container', () => {
    it('finding on ephemeralContainers[0]', () => {
      const findings = findingsOf('case-11', 'no-privileged-containers', { level: 'baseline' });

      expect(findings.map((finding) => finding.message)).toEqual([
        'Ephemeral container "debugger" sets securityContext.privileged to true; remove it or set it to false.',
      ]);
      expect(paths(findings)).toEqual(['spec.ephemeralContainers[0].securityContext.privileged']);
      expect(findings.map(positionOf)).toEqual([[16, 21, 16, 25]]);
    });
  });

  describe('case-14 read-only hostPath mount', () => {
    it('HostPath Volumes finding for volume logs', () => {
      const findings = findingsOf('case-14', 'no-host-path-volumes', { level: 'baseline' });

      expect(findings.map((finding) => finding.message)).toEqual([
        'Volume "logs" mounts node path "/var/log" through hostPath; replace it with a volume type that does not expose the node\'s file system, such as emptyDir, configMap or persistentVolumeClaim.',
      ]);
      expect(findings.map(positionOf)).toEqual([[17, 7, 17, 15]]);
    });

    it('no finding on the read-only mount', () => {
      const onMount = checkText(read('case-14'), { level: 'baseline' }).filter(
        (finding) => finding.range.startLine >= 11 && finding.range.startLine <= 14,
      );

      expect(onMount).toEqual([]);
    });
  });

  describe('case-16 seccomp unset', () => {
    it('no Pod Security finding at baseline', () => {
      expect(controlFindings('case-16', { level: 'baseline' })).toEqual([]);
    });

    it('Seccomp finding at restricted', () => {
      const findings = findingsOf('case-16', 'require-seccomp-profile');

      expect(findings.map((finding) => finding.message)).toEqual([
        'Container "main" has no seccomp profile of its own and none allowed from the pod; set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost" on the pod or the container.',
      ]);
      expect(findings.map(positionOf)).toEqual([[15, 17, 15, 21]]);
    });
  });

  describe('case-17 seccomp field and alpha annotation', () => {
    const seccompFindings = (): Finding[] => findingsOf('case-17', 'require-seccomp-profile');

    it('no seccomp finding for the field', () => {
      expect(seccompFindings().filter((finding) => finding.documentIndex === 0)).toEqual([]);
    });

    it('Seccomp finding for the annotation only', () => {
      const findings = seccompFindings().filter((finding) => finding.documentIndex === 1);

      expect(findings.map((finding) => finding.object?.name)).toEqual(['annotation-only']);
      expect(findings.map(positionOf)).toEqual([[25, 13, 25, 16]]);
    });

    it.todo('deprecation note for the seccomp alpha annotation (pending: no rule reports it)');
  });

  describe('case-19 added SYS_ADMIN in two containers', () => {
    it('finding for worker at restricted', () => {
      const findings = findingsOf('case-19', 'require-drop-all-capabilities');
      const worker = findings.filter((finding) => finding.data?.container === 'worker');

      expect(worker.map((finding) => finding.message)).toEqual([
        'Container "worker" adds capability "SYS_ADMIN", but restricted allows adding only "NET_BIND_SERVICE"; remove it from securityContext.capabilities.add.',
      ]);
      expect(worker.map(positionOf)).toEqual([[25, 17, 25, 28]]);
    });

    it('finding for worker at baseline', () => {
      const findings = findingsOf('case-19', 'no-added-capabilities', { level: 'baseline' });
      const worker = findings.filter((finding) => finding.data?.container === 'worker');

      expect(worker.map(positionOf)).toEqual([[25, 17, 25, 28]]);
    });

    it.todo('per-image exemption of the Capabilities control (pending: exemptions by image)');
  });

  describe('case-20 inline CSI volume', () => {
    it('no Volume Types finding', () => {
      expect(findingsOf('case-20', 'no-disallowed-volume-types')).toEqual([]);
    });

    it('no Pod Security finding at restricted', () => {
      expect(controlFindings('case-20')).toEqual([]);
    });
  });
});
