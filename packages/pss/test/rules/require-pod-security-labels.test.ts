import { requirePodSecurityLabels } from '../../src/rules/index.js';
import { describe, expect, it } from 'vitest';

import { checkText, yaml } from './helpers.js';
import { testRule } from './rule-tester.js';

testRule(requirePodSecurityLabels, {
  valid: [
    {
      name: 'restricted Namespace',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: clinic
          labels:
            pod-security.kubernetes.io/enforce: restricted
      `,
    },
    {
      name: 'exempt Namespace',
      options: { 'require-pod-security-labels': { exempt: ['kube-system'] } },
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: kube-system
      `,
    },
    {
      name: 'baseline Namespace with level option baseline',
      options: { 'require-pod-security-labels': { level: 'baseline' } },
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: tools
          labels:
            pod-security.kubernetes.io/enforce: baseline
      `,
    },
    {
      name: 'restricted Namespace with level option baseline',
      options: { 'require-pod-security-labels': { level: 'baseline' } },
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: clinic
          labels:
            pod-security.kubernetes.io/enforce: restricted
      `,
    },
    {
      name: 'unlabelled Namespace at privileged level',
      level: 'privileged',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: clinic
      `,
    },
    {
      name: 'Namespace of another API version',
      code: yaml`
        apiVersion: example.com/v1
        kind: Namespace
        metadata:
          name: clinic
      `,
    },
  ],
  invalid: [
    {
      name: 'Namespace without labels',
      code: yaml`
        # Patient records
        apiVersion: v1
        kind: Namespace
        metadata:
          name: clinic # owned by the records team
      `,
      findings: [
        {
          message:
            'Namespace "clinic" has no pod-security.kubernetes.io/enforce label, so Pod Security Admission admits any pod; label it restricted.',
          position: [4, 1, 4, 9], // "metadata"
          suggestions: [
            {
              description: 'Set pod-security.kubernetes.io/enforce to restricted',
              output: yaml`
                  # Patient records
                  apiVersion: v1
                  kind: Namespace
                  metadata:
                    name: clinic # owned by the records team
                    labels:
                      pod-security.kubernetes.io/enforce: restricted
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'labels without enforce in flow style',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: clinic
          labels: {team: records}
      `,
      findings: [
        {
          message:
            'Namespace "clinic" has no pod-security.kubernetes.io/enforce label, so Pod Security Admission admits any pod; label it restricted.',
          position: [5, 3, 5, 9], // "labels"
          suggestions: [
            {
              description: 'Set pod-security.kubernetes.io/enforce to restricted',
              output: yaml`
                  apiVersion: v1
                  kind: Namespace
                  metadata:
                    name: clinic
                    labels: {team: records, pod-security.kubernetes.io/enforce: restricted}
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'invalid enforce value',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: clinic
          labels:
            team: records
            pod-security.kubernetes.io/enforce: Restricted # capitalised by mistake
      `,
      findings: [
        {
          message:
            'Namespace "clinic" has an invalid pod-security.kubernetes.io/enforce value "Restricted"; use restricted.',
          position: [7, 41, 7, 51], // "Restricted"
          suggestions: [
            {
              description: 'Set pod-security.kubernetes.io/enforce to restricted',
              output: yaml`
                  apiVersion: v1
                  kind: Namespace
                  metadata:
                    name: clinic
                    labels:
                      team: records
                      pod-security.kubernetes.io/enforce: restricted # capitalised by mistake
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'weaker enforce level',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: clinic
          labels:
            pod-security.kubernetes.io/enforce: baseline
            pod-security.kubernetes.io/warn: restricted
      `,
      findings: [
        {
          message:
            'Namespace "clinic" enforces Pod Security level "baseline", weaker than the required "restricted"; set the label to restricted.',
          position: [6, 41, 6, 49], // "baseline"
          suggestions: [
            {
              description: 'Set pod-security.kubernetes.io/enforce to restricted',
              output: yaml`
                  apiVersion: v1
                  kind: Namespace
                  metadata:
                    name: clinic
                    labels:
                      pod-security.kubernetes.io/enforce: restricted
                      pod-security.kubernetes.io/warn: restricted
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'privileged Namespace with level option baseline',
      options: { 'require-pod-security-labels': { level: 'baseline' } },
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: monitoring
          labels:
            pod-security.kubernetes.io/enforce: privileged
      `,
      findings: [
        {
          message:
            'Namespace "monitoring" enforces Pod Security level "privileged", weaker than the required "baseline"; set the label to baseline.',
          position: [6, 41, 6, 51], // "privileged"
          suggestions: [
            {
              description: 'Set pod-security.kubernetes.io/enforce to baseline',
              output: yaml`
                  apiVersion: v1
                  kind: Namespace
                  metadata:
                    name: monitoring
                    labels:
                      pod-security.kubernetes.io/enforce: baseline
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'Namespace with level option restricted at baseline',
      level: 'baseline',
      options: { 'require-pod-security-labels': { level: 'restricted' } },
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: clinic
          labels:
            pod-security.kubernetes.io/enforce: baseline
      `,
      findings: [
        {
          message:
            'Namespace "clinic" enforces Pod Security level "baseline", weaker than the required "restricted"; set the label to restricted.',
          position: [6, 41, 6, 49], // "baseline"
          suggestions: [
            {
              description: 'Set pod-security.kubernetes.io/enforce to restricted',
              output: yaml`
                  apiVersion: v1
                  kind: Namespace
                  metadata:
                    name: clinic
                    labels:
                      pod-security.kubernetes.io/enforce: restricted
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'exempt list naming another Namespace',
      options: { 'require-pod-security-labels': { exempt: ['kube-system'] } },
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: clinic
      `,
      findings: [
        {
          message:
            'Namespace "clinic" has no pod-security.kubernetes.io/enforce label, so Pod Security Admission admits any pod; label it restricted.',
          position: [3, 1, 3, 9], // "metadata"
          suggestions: [
            {
              description: 'Set pod-security.kubernetes.io/enforce to restricted',
              output: yaml`
                  apiVersion: v1
                  kind: Namespace
                  metadata:
                    name: clinic
                    labels:
                      pod-security.kubernetes.io/enforce: restricted
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'Namespace without a name',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          labels:
            team: records
      `,
      findings: [
        {
          message:
            'Namespace "<unnamed>" has no pod-security.kubernetes.io/enforce label, so Pod Security Admission admits any pod; label it restricted.',
          position: [4, 3, 4, 9], // "labels"
          suggestions: [
            {
              description: 'Set pod-security.kubernetes.io/enforce to restricted',
              output: yaml`
                  apiVersion: v1
                  kind: Namespace
                  metadata:
                    labels:
                      team: records
                      pod-security.kubernetes.io/enforce: restricted
                `,
            },
          ],
        },
      ],
    },
  ],
});

describe('require-pod-security-labels options', () => {
  const namespace = yaml`
    apiVersion: v1
    kind: Namespace
    metadata:
      name: clinic
  `;

  const failures = (options: unknown): string[] =>
    checkText(namespace, { options: { 'require-pod-security-labels': options } })
      .filter((finding) => finding.ruleId === 'rule-failure')
      .map((finding) => finding.message);

  it('invalid level', () => {
    const [message, ...rest] = failures({ level: 'strict' });

    expect(rest).toEqual([]);
    expect(message).toContain(
      'option "level" must be privileged, baseline or restricted, not "strict"',
    );
  });

  it('exempt not a list', () => {
    const [message, ...rest] = failures({ exempt: 'kube-system' });

    expect(rest).toEqual([]);
    expect(message).toContain(
      'option "exempt" must be a list of namespace names, not "kube-system"',
    );
  });

  it('options not a mapping', () => {
    const [message, ...rest] = failures(['restricted']);

    expect(rest).toEqual([]);
    expect(message).toContain('options must be a mapping with "level" and "exempt"');
  });
});
