// NOTE: the public address of the repository is not settled yet; this is where the generated
// rule pages (docs/rules/<id>.md) are to be published.
export const RULE_DOCS_BASE_URL = 'https://github.com/kubeharden/kubeharden/blob/main/docs/rules/';

/** The address of a rule's documentation page. */
export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}${ruleId}.md`;
}
