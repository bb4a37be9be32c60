import { describe, expect, it } from 'vitest';
import { detectProblemsInDocuments } from '../../src/problems/detect.js';
import { parseDocuments, problemsIn } from '../helpers.js';

/** Wraps rules into a ClusterRole named `subject`, so every problem lands on one object. */
function clusterRole(rules: string): string {
  return `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: subject}
rules:
${rules}
`;
}

function problemsOfRules(rules: string, code?: string): { code: string; path: string }[] {
  return problemsIn(clusterRole(rules))
    .filter((problem) => code === undefined || problem.code === code)
    .map(({ code: found, path }) => ({ code: found, path }));
}

function messagesOfRules(rules: string, code: string): string[] {
  return detectProblemsInDocuments(parseDocuments(clusterRole(rules)))
    .filter((problem) => problem.code === code)
    .map((problem) => problem.message);
}

describe('valid rules', () => {
  it('accepts a read-only rule', () => {
    const rules = `  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterroles, clusterrolebindings, roles, rolebindings]
    verbs: [get, list, watch]`;
    expect(problemsOfRules(rules)).toEqual([]);
  });

  it('accepts reading named Secrets', () => {
    expect(
      problemsOfRules(
        '  - {apiGroups: [""], resources: [secrets], resourceNames: [tls], verbs: [get, watch]}',
      ),
    ).toEqual([]);
  });

  it('accepts exec-like verbs on plain pods', () => {
    expect(
      problemsOfRules('  - {apiGroups: [""], resources: [pods], verbs: [get, list, delete]}'),
    ).toEqual([]);
  });

  it('accepts other-group wildcard for Secrets', () => {
    expect(
      problemsOfRules(
        '  - {apiGroups: [example.io], resources: ["*"], verbs: [get]}',
        'no-secret-read-without-resource-names',
      ),
    ).toEqual([]);
  });

  it('accepts bind on resources other than roles', () => {
    expect(
      problemsOfRules('  - {apiGroups: [""], resources: [pods], verbs: [bind, escalate]}'),
    ).toEqual([]);
  });

  it('accepts a narrow non-resource prefix', () => {
    expect(
      problemsOfRules('  - {nonResourceURLs: ["/healthz/*", /metrics], verbs: [get]}'),
    ).toEqual([]);
  });
});

describe('wildcards', () => {
  it('reports each wildcard at its value', () => {
    expect(
      problemsOfRules('  - {apiGroups: ["*"], resources: [pods, "*"], verbs: [get, "*"]}').filter(
        (problem) => problem.code.startsWith('no-wildcard'),
      ),
    ).toEqual([
      { code: 'no-wildcard-verbs', path: 'rules[0].verbs[1]' },
      { code: 'no-wildcard-resources', path: 'rules[0].resources[1]' },
      { code: 'no-wildcard-api-groups', path: 'rules[0].apiGroups[0]' },
    ]);
  });

  it('reports a wildcard subresource', () => {
    expect(
      problemsOfRules('  - {apiGroups: [apps], resources: ["*/scale"], verbs: [update]}'),
    ).toEqual([{ code: 'no-wildcard-resources', path: 'rules[0].resources[0]' }]);
  });

  it('names the groups a wildcard resource covers', () => {
    expect(
      messagesOfRules(
        '  - {apiGroups: [example.io], resources: ["*"], verbs: [get]}',
        'no-wildcard-resources',
      ),
    ).toEqual([
      "Resource '*' grants every resource of API group 'example.io', so list only the resources the role needs.",
    ]);
  });

  it('reports every non-resource path', () => {
    expect(problemsOfRules('  - {nonResourceURLs: ["*", "/*", "/api/*"], verbs: [get]}')).toEqual([
      { code: 'no-wildcard-non-resource-urls', path: 'rules[0].nonResourceURLs[0]' },
      { code: 'no-wildcard-non-resource-urls', path: 'rules[0].nonResourceURLs[1]' },
    ]);
  });
});

describe('no-ineffective-wildcard', () => {
  it('reports stars the authorizer reads literally', () => {
    const rules = `  - apiGroups: ["*.k8s.io"]
    resources: ["pods/*", "*/*"]
    verbs: ["get*"]
  - {nonResourceURLs: ["/apis/*/healthz"], verbs: [get]}`;
    expect(problemsOfRules(rules, 'no-ineffective-wildcard')).toEqual([
      { code: 'no-ineffective-wildcard', path: 'rules[0].verbs[0]' },
      { code: 'no-ineffective-wildcard', path: 'rules[0].apiGroups[0]' },
      { code: 'no-ineffective-wildcard', path: 'rules[0].resources[0]' },
      { code: 'no-ineffective-wildcard', path: 'rules[0].resources[1]' },
      { code: 'no-ineffective-wildcard', path: 'rules[1].nonResourceURLs[0]' },
    ]);
  });

  it('explains a pods slash star entry', () => {
    expect(
      messagesOfRules(
        '  - {apiGroups: [""], resources: ["pods/*"], verbs: [get]}',
        'no-ineffective-wildcard',
      ),
    ).toEqual([
      "Resource 'pods/*' matches only a resource literally named 'pods/*', so list each subresource, or write '*/<subresource>' for one subresource of every resource.",
    ]);
  });
});

describe('no-glob-in-resource-names', () => {
  it('reports patterns in names', () => {
    expect(
      problemsOfRules(
        '  - {apiGroups: [""], resources: [configmaps], resourceNames: [app, "app-*", "db-?"], verbs: [get]}',
      ),
    ).toEqual([
      { code: 'no-glob-in-resource-names', path: 'rules[0].resourceNames[1]' },
      { code: 'no-glob-in-resource-names', path: 'rules[0].resourceNames[2]' },
    ]);
  });
});

describe('Calico tier names', () => {
  it('accepts the tier wildcard name Calico checks literally', () => {
    const rules =
      '  - {apiGroups: [projectcalico.org], resources: [tier.networkpolicies], resourceNames: ["calico-system.*"], verbs: [get]}';
    expect(problemsOfRules(rules)).toEqual([]);
  });
});

describe('no-escalation-verbs', () => {
  it('reports bind, escalate and impersonate at the verb', () => {
    const rules = `  - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [get, bind, escalate]}
  - {apiGroups: [""], resources: [users, groups], verbs: [impersonate]}
  - {apiGroups: [authentication.k8s.io], resources: ["userextras/scopes"], verbs: [impersonate]}`;
    expect(problemsOfRules(rules)).toEqual([
      { code: 'no-escalation-verbs', path: 'rules[0].verbs[1]' },
      { code: 'no-escalation-verbs', path: 'rules[0].verbs[2]' },
      { code: 'no-escalation-verbs', path: 'rules[1].verbs[0]' },
      { code: 'no-escalation-verbs', path: 'rules[2].verbs[0]' },
    ]);
  });

  it('explains what a star includes', () => {
    expect(
      messagesOfRules(
        '  - {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: ["*"]}',
        'no-escalation-verbs',
      ),
    ).toEqual([
      "Verb '*' includes 'bind' and 'escalate', which let the subject gain permissions it does not hold, so remove it unless this subject administers RBAC.",
    ]);
  });
});

describe('no-secret-read-without-resource-names', () => {
  it('reports reads of every Secret at the resource', () => {
    expect(
      problemsOfRules(
        '  - {apiGroups: [""], resources: [configmaps, secrets], verbs: [get, list, watch]}',
      ),
    ).toEqual([{ code: 'no-secret-read-without-resource-names', path: 'rules[0].resources[1]' }]);
  });

  it('reports a core wildcard resource', () => {
    expect(
      problemsOfRules(
        '  - {apiGroups: [""], resources: ["*"], verbs: [list]}',
        'no-secret-read-without-resource-names',
      ),
    ).toEqual([{ code: 'no-secret-read-without-resource-names', path: 'rules[0].resources[0]' }]);
  });

  it('quotes the matching verb entries', () => {
    expect(
      messagesOfRules(
        '  - {apiGroups: [""], resources: [secrets], verbs: [create, watch, list]}',
        'no-secret-read-without-resource-names',
      ),
    ).toEqual([
      "Resource 'secrets' with 'watch' and 'list' lets the subject read every Secret in its scope, so list the Secrets it needs in resourceNames.",
    ]);
  });

  it('ignores write-only access', () => {
    expect(
      problemsOfRules('  - {apiGroups: [""], resources: [secrets], verbs: [create, update]}'),
    ).toEqual([]);
  });
});

describe('streaming subresources', () => {
  it('reports exec, attach, port-forward and node proxy', () => {
    const rules = `  - {apiGroups: [""], resources: [pods/exec, pods/attach, pods/portforward], verbs: [create]}
  - {apiGroups: [""], resources: [nodes/proxy], verbs: [get]}`;
    expect(problemsOfRules(rules)).toEqual([
      { code: 'no-pod-exec', path: 'rules[0].resources[0]' },
      { code: 'no-pod-attach', path: 'rules[0].resources[1]' },
      { code: 'no-pod-port-forward', path: 'rules[0].resources[2]' },
      { code: 'no-node-proxy', path: 'rules[1].resources[0]' },
    ]);
  });

  it('reports exec through a star subresource', () => {
    expect(
      problemsOfRules(
        '  - {apiGroups: [""], resources: ["*/exec"], verbs: [create]}',
        'no-pod-exec',
      ),
    ).toEqual([{ code: 'no-pod-exec', path: 'rules[0].resources[0]' }]);
  });

  it('ignores pods slash star', () => {
    expect(
      problemsOfRules(
        '  - {apiGroups: [""], resources: ["pods/*"], verbs: [create]}',
        'no-pod-exec',
      ),
    ).toEqual([]);
  });
});

describe('no-pod-create', () => {
  it('reports pods and workloads that create pods', () => {
    const rules = `  - {apiGroups: [""], resources: [pods, services], verbs: [create]}
  - {apiGroups: [apps, batch], resources: [deployments, jobs, controllerrevisions], verbs: [create, update]}`;
    expect(problemsOfRules(rules)).toEqual([
      { code: 'no-pod-create', path: 'rules[0].resources[0]' },
      { code: 'no-pod-create', path: 'rules[1].resources[0]' },
      { code: 'no-pod-create', path: 'rules[1].resources[1]' },
    ]);
  });

  it('ignores workloads in the wrong group', () => {
    expect(
      problemsOfRules('  - {apiGroups: [""], resources: [deployments], verbs: [create]}'),
    ).toEqual([]);
  });
});

describe('sensitive writes', () => {
  it('reports token requests, webhook changes and CSR approval', () => {
    const rules = `  - {apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}
  - {apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [get, patch]}
  - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}
  - {apiGroups: [certificates.k8s.io], resources: [signers], resourceNames: [example.com/signer], verbs: [approve]}`;
    expect(problemsOfRules(rules)).toEqual([
      { code: 'no-service-account-token-create', path: 'rules[0].resources[0]' },
      { code: 'no-admission-webhook-changes', path: 'rules[1].resources[0]' },
      { code: 'no-csr-approval', path: 'rules[2].resources[0]' },
      { code: 'no-csr-approval', path: 'rules[3].resources[0]' },
    ]);
  });

  it('ignores reading webhook configurations', () => {
    expect(
      problemsOfRules(
        '  - {apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [get, list, watch]}',
      ),
    ).toEqual([]);
  });
});

describe('related bindings', () => {
  it('lists the bindings that grant a rule', () => {
    const yaml = `${clusterRole('  - {apiGroups: [""], resources: [secrets], verbs: [list]}')}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: subject}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
`;
    const [problem] = detectProblemsInDocuments(parseDocuments(yaml));
    expect(problem?.code).toBe('no-secret-read-without-resource-names');
    expect(problem?.related?.map((related) => [related.path, related.message])).toEqual([
      [['roleRef', 'name'], 'RoleBinding shop/reader grants this rule.'],
    ]);
  });
});
