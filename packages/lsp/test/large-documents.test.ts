import { afterEach, expect, test } from 'vitest';

import { TestClient } from './client.js';
import { lineOf, workspace } from './fixtures.js';

// Longer than the size from which an edited document keeps its previous parse while typing.
const LARGE = 600_000;

let client: TestClient | undefined;
let folder: { remove: () => void } | undefined;

afterEach(() => {
  client?.kill();
  folder?.remove();
});

/** Builds a Deployment of more than `LARGE` characters through a long list of environment variables. */
function largeDeployment(): string {
  const variable =
    '            - name: SETTING_0000000\n              value: "a value of moderate length"\n';
  const count = Math.ceil(LARGE / variable.length);
  const env = Array.from({ length: count }, (_, index) =>
    variable.replace('0000000', String(index).padStart(7, '0')),
  ).join('');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
  namespace: clinic
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          securityContext:
            allowPrivilegeEscalation: true
          env:
${env}`;
}

test('fix in a large edited document uses an exact parse', async () => {
  const files = workspace({});
  folder = files;
  client = await TestClient.start({ workspace: files.root });
  const text = largeDeployment();
  const { uri, diagnostics } = await client.open(files.path('big.yaml'), text);
  const escalation = diagnostics.find(
    (diagnostic) => diagnostic.code === 'no-privilege-escalation',
  )!;
  const line = lineOf(text, 'allowPrivilegeEscalation');
  expect(escalation.range.start.line).toBe(line);

  // A line inserted above moves the finding down; an editor moves its copy of the diagnostic too.
  const version = await client.edit(uri, [
    {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      newText: '# big\n',
    },
  ]);
  await client.diagnostics(uri, version);
  const moved = {
    ...escalation,
    range: {
      start: { ...escalation.range.start, line: line + 1 },
      end: { ...escalation.range.end, line: line + 1 },
    },
  };
  const actions = await client.codeActions(uri, moved.range, [moved]);
  const fix = actions.find((action) => action.title === 'Set allowPrivilegeEscalation to false')!;
  await client.applyEdit(fix.edit!);

  expect(client.text(uri)).toBe(
    `# big\n${text.replace('allowPrivilegeEscalation: true', 'allowPrivilegeEscalation: false')}`,
  );
  const settled = await client.diagnosticsUntil(
    uri,
    (published) => !published.some((diagnostic) => diagnostic.code === 'no-privilege-escalation'),
  );
  expect(
    settled.every((diagnostic) => diagnostic.range.start.line <= text.split('\n').length),
  ).toBe(true);
});
