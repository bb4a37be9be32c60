import type { Rule } from './rule.js';

/** The rules of a run, by id; rejects a second rule with an id already taken. */
export class RuleRegistry {
  readonly #rules = new Map<string, Rule>();

  constructor(rules: Iterable<Rule> = []) {
    for (const rule of rules) this.add(rule);
  }

  add(rule: Rule): void {
    if (this.#rules.has(rule.id)) {
      throw new Error(`Rule id "${rule.id}" is registered twice; every rule needs its own id.`);
    }
    this.#rules.set(rule.id, rule);
  }

  addAll(rules: Iterable<Rule>): void {
    for (const rule of rules) this.add(rule);
  }

  get(id: string): Rule | undefined {
    return this.#rules.get(id);
  }

  has(id: string): boolean {
    return this.#rules.has(id);
  }

  get size(): number {
    return this.#rules.size;
  }

  /** Rules sorted by id, so listings and docs are stable. */
  list(): Rule[] {
    return [...this.#rules.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
}
