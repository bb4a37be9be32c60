import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A Deployment that breaks restricted Pod Security in ways with automatic fixes and suggestions. */
export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: records
  namespace: clinic
spec:
  selector:
    matchLabels:
      app: records
  template:
    metadata:
      labels:
        app: records
    spec:
      containers:
        - name: api
          image: registry.example/records:1.4.2
          securityContext:
            allowPrivilegeEscalation: true
            runAsNonRoot: true
            capabilities:
              drop: ["ALL"]
            seccompProfile:
              type: RuntimeDefault
`;

export const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: clinic
`;

/** Creates a temporary workspace folder with the given files; `remove` deletes it. */
export function workspace(files: Record<string, string>): {
  root: string;
  path: (name: string) => string;
  remove: () => void;
} {
  const root = mkdtempSync(join(tmpdir(), 'kubeharden-lsp-'));
  for (const [name, text] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return {
    root,
    path: (name) => join(root, name),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Returns the 0-based number of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((candidate) => candidate.includes(needle));
  if (line < 0) throw new Error(`"${needle}" is not in the text.`);
  return line;
}
