import { HIPAA } from '../frameworks/hipaa.js';
import type { Rule } from '../rules/rule.js';

const TITLES = new Map(HIPAA.requirements.map((requirement) => [requirement.id, requirement.title]));

const FIXABLE_TEXT = {
  fix: 'Yes: `kubeharden check --fix` applies an edit that keeps behaviour.',
  suggestion: 'Suggestion: the proposed edit changes behaviour, so it is applied only on request.',
} as const;

/** Renders a rule's documentation page from its metadata. */
export function renderRuleDoc(rule: Rule): string {
  const { meta } = rule;
  const lines = [
    `# ${rule.id}`,
    '',
    '<!-- Generated from the rule metadata by `npm run docs`; edit the rule, not this file. -->',
    '',
    meta.description,
    '',
    '| | |',
    '| --- | --- |',
    `| Area | ${meta.area} |`,
    `| Default severity | ${meta.severity} |`,
    `| Fixable | ${meta.fixable ? FIXABLE_TEXT[meta.fixable] : 'No'} |`,
    `| Object kinds | ${meta.kinds === 'all' ? 'all' : meta.kinds.join(', ')} |`,
    '',
    '## Why it matters',
    '',
    meta.rationale,
    '',
    '## How to fix',
    '',
    meta.remediation,
    '',
  ];
  if (meta.hipaa.length > 0) {
    lines.push('## HIPAA Security Rule', '');
    for (const section of meta.hipaa) lines.push(`- 45 CFR ${section}: ${TITLES.get(section) ?? ''}`);
    lines.push('');
  }
  if (meta.equivalents && meta.equivalents.length > 0) {
    lines.push('## Equivalent checks in other tools', '');
    for (const equivalent of meta.equivalents) lines.push(`- ${equivalent.tool}: \`${equivalent.id}\``);
    lines.push('');
  }
  if (meta.limitations && meta.limitations.length > 0) {
    lines.push('## Known limitations', '');
    for (const limitation of meta.limitations) lines.push(`- ${limitation}`);
    lines.push('');
  }
  lines.push(
    '## Suppressing',
    '',
    'Add both annotations to the object, with a reason a reviewer can judge:',
    '',
    '```yaml',
    'metadata:',
    '  annotations:',
    `    kubeharden.io/ignore: "${rule.id}"`,
    '    kubeharden.io/ignore-reason: "<why this control does not apply here>"',
    '```',
    '',
  );
  return lines.join('\n');
}

/** Renders the index page that lists every rule. */
export function renderRuleIndex(rules: readonly Rule[]): string {
  const lines = [
    '# Rules',
    '',
    '<!-- Generated from the rule metadata by `npm run docs`; edit the rules, not this file. -->',
    '',
    '| Rule | Area | Severity | Fixable | HIPAA | Description |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const rule of rules) {
    const { meta } = rule;
    lines.push(
      `| [${rule.id}](${rule.id}.md) | ${meta.area} | ${meta.severity} | ${meta.fixable ?? 'no'} | ${meta.hipaa.join(', ')} | ${meta.description} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
