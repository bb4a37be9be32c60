import { existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';

import type { KubeConfig } from '@kubernetes/client-node';

import { UsageError } from '../errors.js';

// A list page takes the API server well under a second; a minute means it or the network hangs.
const REQUEST_TIMEOUT_MS = 60_000;
// Responses larger than this are not Kubernetes list pages of the size the scan requests.
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

export interface ClusterConnectionOptions {
  /** A kubeconfig file; default: `KUBECONFIG`, then `~/.kube/config`, then the in-cluster account. */
  readonly kubeconfig?: string;
  /** A context of the kubeconfig; default: its current context. */
  readonly context?: string;
}

/** A response of the API server that is not 2xx. */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string | undefined;

  constructor(status: number, path: string, reason: string | undefined, message: string | undefined) {
    super(`GET ${path} returned ${status}${reason ? ` ${reason}` : ''}${message ? `: ${message}` : ''}`);
    this.status = status;
    this.reason = reason;
  }
}

/**
 * Reads JSON from the Kubernetes API with the credentials of a kubeconfig context. Objects stay
 * plain JSON, because the rules read fields as the API serves them, custom resources included.
 */
export class ApiClient {
  readonly contextName: string;
  readonly server: string;
  readonly #config: KubeConfig;

  private constructor(config: KubeConfig, contextName: string, server: string) {
    this.#config = config;
    this.contextName = contextName;
    this.server = server.replace(/\/+$/, '');
  }

  /** Loads the kubeconfig and selects the context; throws a `UsageError` naming what is wrong. */
  static async connect(options: ClusterConnectionOptions): Promise<ApiClient> {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const config = new KubeConfig();
    try {
      if (options.kubeconfig) {
        config.loadFromFile(options.kubeconfig);
      } else if (hasDefaultKubeconfig() || process.env.KUBERNETES_SERVICE_HOST) {
        config.loadFromDefault();
      } else {
        throw new UsageError(
          'No kubeconfig found: KUBECONFIG is unset, ~/.kube/config does not exist and this is not a pod; pass --kubeconfig.',
        );
      }
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const where = options.kubeconfig ?? 'the default kubeconfig';
      throw new UsageError(`Cannot read ${where}: ${(error as Error).message}`);
    }

    if (options.context !== undefined) {
      if (!config.getContextObject(options.context)) {
        const known = config.getContexts().map((context) => context.name);
        throw new UsageError(
          `Context "${options.context}" is not in the kubeconfig; its contexts are: ${known.join(', ') || 'none'}.`,
        );
      }
      config.setCurrentContext(options.context);
    }
    const cluster = config.getCurrentCluster();
    const contextName = config.getCurrentContext();
    if (!cluster || !cluster.server) {
      throw new UsageError(`Context "${contextName}" names no cluster with a server address; check the kubeconfig.`);
    }
    return new ApiClient(config, contextName, cluster.server);
  }

  /** GETs a path of the API and parses the JSON body; throws `ApiError` for a non-2xx status. */
  async getJson(path: string, accept = 'application/json'): Promise<unknown> {
    const options: https.RequestOptions = {};
    await this.#config.applyToHTTPSOptions(options);
    const url = new URL(this.server + path);
    const transport = url.protocol === 'http:' ? http : https;
    const headers = { ...(options.headers as Record<string, string> | undefined), Accept: accept };

    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = transport.request(url, { ...options, method: 'GET', headers, timeout: REQUEST_TIMEOUT_MS }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            request.destroy(new Error(`response to GET ${path} is larger than ${MAX_RESPONSE_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error(`GET ${path} timed out after ${REQUEST_TIMEOUT_MS / 1000} s`)));
      request.on('error', reject);
      request.end();
    }).catch((error: unknown) => {
      throw new UsageError(`Cannot reach the API server ${this.server} of context "${this.contextName}": ${(error as Error).message}.`);
    });

    if (status < 200 || status >= 300) {
      const detail = parseStatus(body);
      throw new ApiError(status, path, detail.reason, detail.message);
    }
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw new UsageError(`The API server ${this.server} returned a body that is not JSON for GET ${path}.`);
    }
  }
}

function hasDefaultKubeconfig(): boolean {
  if (process.env.KUBECONFIG) return true;
  return existsSync(join(homedir(), '.kube', 'config'));
}

/** Reads the `reason` and `message` of a Kubernetes `Status` body, when the body is one. */
function parseStatus(body: string): { reason?: string; message?: string } {
  try {
    const value = JSON.parse(body) as { kind?: unknown; reason?: unknown; message?: unknown };
    if (value.kind !== 'Status') return {};
    return {
      ...(typeof value.reason === 'string' ? { reason: value.reason } : {}),
      ...(typeof value.message === 'string' ? { message: value.message } : {}),
    };
  } catch {
    return {};
  }
}
