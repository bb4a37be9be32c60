// A generated cluster for the scale test and the benchmark: application namespaces with a
// default deny, DNS egress, and per-application policies that mix pod, namespace, named-port and
// ipBlock rules. Plain JavaScript, so that `bench/netpol.mjs` runs it without a build step.

/** @typedef {{ namespaces: number, workloads: number, policies: number }} LargeClusterSize */

/** @type {LargeClusterSize} */
export const BENCH_SIZE = { namespaces: 100, workloads: 2000, policies: 2000 };

const TIERS = ['front', 'back', 'db'];

/**
 * Builds plain objects for a cluster of the given size; kube-system with its DNS counts as one namespace.
 * @param {LargeClusterSize} [size]
 * @returns {object[]}
 */
export function generateLargeCluster(size = BENCH_SIZE) {
  const objects = [];
  const appNamespaces = size.namespaces - 1;
  const share = (total, n) =>
    Math.floor(total / appNamespaces) + (n < total % appNamespaces ? 1 : 0);

  objects.push(namespace('kube-system', {}));
  objects.push(workload('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }));
  for (let n = 0; n < appNamespaces; n += 1) {
    const ns = `team-${n}`;
    const workloads = share(size.workloads - 1, n);
    objects.push(namespace(ns, { team: `t${n % 10}`, env: n % 2 === 0 ? 'prod' : 'stage' }));
    for (let w = 0; w < workloads; w += 1) {
      // Every fifth workload has no container ports, so named ports do not resolve for it.
      objects.push(workload(ns, `app-${w}`, { app: `app-${w}`, tier: TIERS[w % 3] }, w % 5 !== 4));
    }
    objects.push(...namespacePolicies(ns, n, workloads, share(size.policies, n)));
  }
  return objects;
}

function namespacePolicies(ns, index, workloads, count) {
  const policies = [
    policy(ns, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy(ns, 'dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
  ];
  for (let p = 0; policies.length < count; p += 1) {
    const app = p % workloads;
    const podSelector =
      p % 4 === 2
        ? {
            matchExpressions: [
              { key: 'app', operator: 'In', values: [`app-${app}`] },
              { key: 'tier', operator: 'NotIn', values: ['db'] },
            ],
          }
        : { matchLabels: { app: `app-${app}` } };
    policies.push(
      policy(ns, `app-${app}-${p}`, {
        podSelector,
        // Without policyTypes the egress rules still make the policy apply to egress.
        ...(p % 4 === 3 ? {} : { policyTypes: ['Ingress', 'Egress'] }),
        ingress: [
          {
            from: [
              { podSelector: { matchLabels: { app: `app-${(app + workloads - 1) % workloads}` } } },
            ],
            ports: [{ port: 'http' }],
          },
          {
            from: [
              {
                namespaceSelector: { matchLabels: { team: `t${(index + 1) % 10}` } },
                podSelector: { matchLabels: { tier: 'front' } },
              },
              { ipBlock: { cidr: `10.${index}.0.0/16`, except: [`10.${index}.${p % 256}.0/24`] } },
            ],
            ports: [{ port: 8080 }, { port: 9000, endPort: 9100 }],
          },
        ],
        egress: [
          {
            to: [{ podSelector: { matchLabels: { app: `app-${(app + 1) % workloads}` } } }],
            ports: [{ port: 'http' }],
          },
          {
            to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }],
            ports: [{ port: 443 }],
          },
          {
            to: [
              {
                namespaceSelector: {
                  matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }],
                },
              },
            ],
            ports: [{ port: 8080 }],
          },
        ],
      }),
    );
  }
  return policies;
}

function namespace(name, labels) {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

function workload(ns, name, labels, withPorts = true) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name,
              image: `registry.example.com/${name}:1.0`,
              ports: withPorts
                ? [
                    { name: 'http', containerPort: 8080 },
                    { name: 'dns', containerPort: 53, protocol: 'UDP' },
                  ]
                : [],
            },
          ],
        },
      },
    },
  };
}

function policy(ns, name, spec) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: ns },
    spec,
  };
}
