import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { RESOURCE_TYPES, type ResourceType } from '../../src/scan/resources.js';

/** A throwaway certificate authority and a server certificate for 127.0.0.1, made with openssl. */
export interface TestCertificates {
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
}

/** Creates the certificates in a temporary folder and removes the folder again. */
export function createCertificates(): TestCertificates {
  const folder = mkdtempSync(join(tmpdir(), 'kubeharden-fake-api-'));
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: folder, stdio: 'pipe' });
  };
  try {
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
    openssl('req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=kubeharden-test-ca',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key');
    openssl('req', '-new', '-key', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(folder, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n');
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt',
      '-days', '1', '-extfile', 'server.ext');
    return {
      caCert: readFileSync(join(folder, 'ca.crt'), 'utf8'),
      serverCert: readFileSync(join(folder, 'server.crt'), 'utf8'),
      serverKey: readFileSync(join(folder, 'server.key'), 'utf8'),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export interface FakeApiServerOptions {
  readonly certificates: TestCertificates;
  readonly token: string;
  /** Objects as a manifest has them (apiVersion, kind, metadata); namespaced ones need a namespace. */
  readonly objects: readonly Record<string, unknown>[];
  /** Resources (plural names) whose list requests fail with 403 Forbidden. */
  readonly forbidden?: readonly string[];
  /** Custom resource groups the cluster serves even without objects. */
  readonly extraGroups?: readonly string[];
  /** Resources whose first `continue` token fails with 410 Gone, as after etcd compaction. */
  readonly expireFirstContinue?: readonly string[];
}

export interface RecordedRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly accept: string;
  readonly status: number;
}

// Groups of the built-in API, served by every cluster.
const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io']);

/**
 * A loopback HTTPS server that serves the Kubernetes API paths a scan uses the way the API
 * server does: discovery, list responses without kind and apiVersion on items, `limit` and
 * `continue` paging, bearer tokens, Status bodies for 401, 403, 404 and 410, and metadata-only
 * lists for `as=PartialObjectMetadataList`.
 */
export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  readonly #options: FakeApiServerOptions;
  readonly #served: { type: ResourceType; version: string }[];
  readonly #expired = new Set<string>();
  #server: Server | undefined;
  #url = '';

  constructor(options: FakeApiServerOptions) {
    this.#options = options;
    const groups = new Set([...BUILT_IN_GROUPS, ...(options.extraGroups ?? [])]);
    for (const object of options.objects) groups.add(groupOf(String(object.apiVersion)));
    this.#served = RESOURCE_TYPES.filter((type) => groups.has(type.group)).map((type) => ({ type, version: type.versions[0]! }));
  }

  get url(): string {
    return this.#url;
  }

  async start(): Promise<void> {
    const { certificates } = this.#options;
    const server = createServer({ cert: certificates.serverCert, key: certificates.serverKey }, (request, response) =>
      this.#handle(request, response),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    this.#url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Writes a kubeconfig with two contexts: `fake` (this server) and `other` (a wrong token). */
  writeKubeconfig(folder: string): string {
    const ca = Buffer.from(this.#options.certificates.caCert).toString('base64');
    const text = `apiVersion: v1
kind: Config
current-context: fake
clusters:
  - name: fake
    cluster:
      server: ${this.#url}
      certificate-authority-data: ${ca}
contexts:
  - name: fake
    context: { cluster: fake, user: scanner }
  - name: other
    context: { cluster: fake, user: stranger }
users:
  - name: scanner
    user:
      token: ${this.#options.token}
  - name: stranger
    user:
      token: not-the-token
`;
    const path = join(folder, 'kubeconfig');
    writeFileSync(path, text);
    return path;
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'https://127.0.0.1');
    const accept = request.headers.accept ?? '';
    const answer = (status: number, body: unknown): void => {
      this.requests.push({ path: url.pathname, query: url.searchParams, accept, status });
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };

    if (request.headers.authorization !== `Bearer ${this.#options.token}`) {
      answer(401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    if (request.method !== 'GET') {
      answer(405, status(405, 'MethodNotAllowed', `the server does not allow ${request.method} here`));
      return;
    }
    const route = this.#route(url.pathname);
    if (!route) {
      answer(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    const [code, body] = route(url.searchParams, accept);
    answer(code, body);
  }

  #route(path: string): ((query: URLSearchParams, accept: string) => [number, unknown]) | undefined {
    if (path === '/api') return () => [200, { kind: 'APIVersions', versions: ['v1'] }];
    if (path === '/apis') return () => [200, this.#groupList()];

    const match = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(path);
    if (!match) return undefined;
    const group = match[2] ?? '';
    const version = match[1] ?? match[3]!;
    const namespace = match[4] !== undefined ? decodeURIComponent(match[4]) : undefined;
    const resource = match[5];
    const name = match[6];
    const groupVersion = group === '' ? version : `${group}/${version}`;
    const served = this.#served.filter((entry) => entry.type.group === group && entry.version === version);
    if (served.length === 0) return undefined;

    if (namespace === undefined && resource === undefined) return () => [200, resourceList(groupVersion, served)];
    // GET /api/v1/namespaces/<name> reads one Namespace.
    if (group === '' && resource === undefined && namespace !== undefined) {
      return () => this.#getOne(served, 'namespaces', undefined, namespace);
    }
    const entry = served.find((candidate) => candidate.type.resource === resource);
    if (!entry) return undefined;
    if (name !== undefined) return () => this.#getOne(served, entry.type.resource, namespace, name);
    return (query, accept) => this.#list(entry.type, groupVersion, namespace, query, accept);
  }

  #groupList(): unknown {
    const groups = new Map<string, string[]>();
    for (const { type, version } of this.#served) {
      if (type.group === '') continue;
      const versions = groups.get(type.group) ?? [];
      if (!versions.includes(version)) versions.push(version);
      groups.set(type.group, versions);
    }
    // A group no scan reads, to show that unknown groups are ignored.
    groups.set('example.com', ['v1']);
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups].map(([name, versions]) => ({
        name,
        versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
        preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
      })),
    };
  }

  #objectsOf(type: ResourceType, namespace: string | undefined): Record<string, unknown>[] {
    return this.#options.objects.filter((object) => {
      if (object.kind !== type.kind || groupOf(String(object.apiVersion)) !== type.group) return false;
      return namespace === undefined || metadataOf(object).namespace === namespace;
    });
  }

  #getOne(served: readonly { type: ResourceType }[], resource: string, namespace: string | undefined, name: string): [number, unknown] {
    const entry = served.find((candidate) => candidate.type.resource === resource);
    const object = entry && this.#objectsOf(entry.type, namespace).find((candidate) => metadataOf(candidate).name === name);
    if (!object) return [404, status(404, 'NotFound', `${resource} "${name}" not found`)];
    return [200, withServerFields(object)];
  }

  #list(type: ResourceType, groupVersion: string, namespace: string | undefined, query: URLSearchParams, accept: string): [number, unknown] {
    if (this.#options.forbidden?.includes(type.resource)) {
      const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
      return [
        403,
        status(403, 'Forbidden', `${type.resource} is forbidden: User "system:serviceaccount:kubeharden:kubeharden-scanner" cannot list resource "${type.resource}" in API group "${type.group}" ${scope}`),
      ];
    }

    const all = this.#objectsOf(type, namespace).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    const limit = Number(query.get('limit') ?? '0');
    const token = query.get('continue');
    let start = 0;
    if (token !== null) {
      if (this.#options.expireFirstContinue?.includes(type.resource) && !this.#expired.has(type.resource)) {
        this.#expired.add(type.resource);
        return [410, status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result.')];
      }
      start = Number(Buffer.from(token, 'base64url').toString('utf8'));
    }
    const end = limit > 0 ? Math.min(all.length, start + limit) : all.length;
    const page = all.slice(start, end);
    const metadata: Record<string, unknown> = { resourceVersion: '12345' };
    if (end < all.length) {
      metadata.continue = Buffer.from(String(end)).toString('base64url');
      metadata.remainingItemCount = all.length - end;
    }

    if (accept.includes('as=PartialObjectMetadataList')) {
      return [
        200,
        {
          kind: 'PartialObjectMetadataList',
          apiVersion: 'meta.k8s.io/v1',
          metadata,
          items: page.map((object) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: withServerFields(object).metadata })),
        },
      ];
    }
    // Items of a list carry no kind or apiVersion; the list names them once.
    const items = page.map((object) => {
      const item: Record<string, unknown> = withServerFields(object);
      delete item.apiVersion;
      delete item.kind;
      return item;
    });
    return [200, { kind: `${type.kind}List`, apiVersion: groupVersion, metadata, items }];
  }
}

/** Adds the fields the API server fills in: status, managed fields and bookkeeping metadata. */
function withServerFields(object: Record<string, unknown>): Record<string, unknown> & { metadata: Record<string, unknown> } {
  const metadata = metadataOf(object);
  return {
    ...object,
    metadata: {
      ...metadata,
      uid: '6f1c3f9e-0000-4000-8000-000000000000',
      resourceVersion: '4242',
      creationTimestamp: '2025-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: String(object.apiVersion), fieldsType: 'FieldsV1', fieldsV1: {} }],
    },
    status: { observedGeneration: 1 },
  };
}

function resourceList(groupVersion: string, served: readonly { type: ResourceType }[]): unknown {
  return {
    kind: 'APIResourceList',
    groupVersion,
    resources: served.flatMap(({ type }) => [
      { name: type.resource, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs: ['get', 'list', 'watch'] },
      { name: `${type.resource}/status`, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs: ['get'] },
    ]),
  };
}

function status(code: number, reason: string, message: string): unknown {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function metadataOf(object: Record<string, unknown>): Record<string, unknown> {
  return (object.metadata ?? {}) as Record<string, unknown>;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function sortKey(object: Record<string, unknown>): string {
  const metadata = metadataOf(object);
  return `${String(metadata.namespace ?? '')}/${String(metadata.name ?? '')}`;
}
