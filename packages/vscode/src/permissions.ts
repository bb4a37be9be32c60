import type { PermissionSpec } from '@kubeharden/rbac';

/** Example shown in the prompt and in error messages. */
export const PERMISSIONS_EXAMPLE =
  'get,list configmaps; get secrets:db-credentials; get pods/log; watch deployments.apps';

/**
 * Parses permissions written as `<verbs> <resource>[.<group>][/<names>]` and separated by `;`:
 * verbs and names are comma-separated, and a resource without a group is of the core group.
 * An empty text is no permission. Throws with the invalid entry and the expected form.
 */
export function parsePermissions(text: string): PermissionSpec[] {
  const entries = text
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.map(parseEntry);
}

function parseEntry(entry: string): PermissionSpec {
  const match = /^([a-z*][a-z,*]*)\s+([a-z0-9*][a-z0-9.*-]*(?:\/[a-z]+)?)(?::(\S+))?$/i.exec(entry);
  if (!match) {
    throw new Error(
      `Invalid permission "${entry}"; write <verbs> <resource>[.<group>][/<subresource>][:<names>], such as ${PERMISSIONS_EXAMPLE}.`,
    );
  }
  const verbs = match[1]!.split(',').filter((verb) => verb !== '');
  const [resource, apiGroup] = splitGroup(match[2]!);
  const names = match[3]?.split(',').filter((name) => name !== '');
  return names && names.length > 0
    ? { apiGroup, resource, verbs, resourceNames: names }
    : { apiGroup, resource, verbs };
}

/** Splits `deployments.apps` into the resource and its API group; `pods/log` keeps the subresource. */
function splitGroup(text: string): [resource: string, apiGroup: string] {
  const [base, subresource] = text.split('/') as [string, string | undefined];
  const dot = base.indexOf('.');
  const resource = dot < 0 ? base : base.slice(0, dot);
  const apiGroup = dot < 0 ? '' : base.slice(dot + 1);
  return [subresource ? `${resource}/${subresource}` : resource, apiGroup];
}
