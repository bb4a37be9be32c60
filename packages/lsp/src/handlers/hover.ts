import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node.js';

import { describeFinding, describeNamespace } from '../services/hover.js';
import type { Session } from '../session.js';
import { toOffset, toRange } from './convert.js';

/**
 * Handles `textDocument/hover`: an explanation of each finding under the cursor, and on a
 * Namespace's `kind` line a summary of the namespace's posture.
 */
export function hover(session: Session, params: HoverParams): Hover | null {
  const uri = params.textDocument.uri;
  const document = session.documents.get(uri);
  if (!document) return null;
  const run = session.ensureCurrent(uri);
  const path = session.pathOf(uri);
  const result = run?.files.get(path);
  const file = session.validator.sourceOf(path);
  if (!run || !result || !file || result.version !== document.version) return null;

  const offset = toOffset(file, params.position);
  const sections: string[] = [];
  const findings = result.findings.filter(
    (finding) => finding.range.start <= offset && offset <= finding.range.end,
  );
  for (const finding of findings) {
    sections.push(describeFinding(finding, session.validator.registry.get(finding.ruleId)));
  }

  const namespace = run.objects.all.find((object) => {
    if (object.file !== path || object.kind !== 'Namespace' || object.apiVersion !== 'v1') {
      return false;
    }
    const [start, end] = object.document.offsetsOf([...object.path, 'kind'], 'key');
    const lineEnd = file.text.indexOf('\n', end);
    return start <= offset && offset <= (lineEnd === -1 ? file.text.length : lineEnd);
  });
  if (namespace) sections.push(describeNamespace(namespace, run.objects));
  if (sections.length === 0) return null;

  const first = findings[0];
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    ...(first && !namespace ? { range: toRange(first.range) } : {}),
  };
}
