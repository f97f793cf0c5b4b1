// Selector: a conjunction of label Requirements, kept sorted by key so that toString() is canonical and
// is exactly the text parseSelector accepts back. Also the ways to build one without text: from a set
// of labels (RC and service selectors), from a metav1.LabelSelector, everything() and nothing().
import { SelectorParseError } from './errors';
import { Requirement, type Labels, type Operator } from './requirement';

export interface Selector {
  /** True when every requirement holds for labels (undefined labels = no labels). */
  matches(labels: Labels): boolean;
  /** True when the selector does not restrict anything (matches every object). nothing() is not empty. */
  empty(): boolean;
  /** Canonical text: parseSelector(s.toString()) equals s. nothing() prints `<null>`, which does not parse. */
  toString(): string;
  /** The requirements, sorted by key. nothing() has none (check empty() to tell it from everything()). */
  requirements(): Requirement[];
  /** A new selector with reqs added; this one is unchanged. */
  add(...reqs: Requirement[]): Selector;
  /** The value key must have when the selector pins it to exactly one (`k=v`, `k==v`, `k in (v)`). */
  requiresExactMatch(key: string): string | undefined;
  equals(other: Selector): boolean;
}

class RequirementsSelector implements Selector {
  private readonly reqs: readonly Requirement[];

  constructor(reqs: readonly Requirement[]) {
    // Stable sort: requirements on the same key keep their given order, so parse(toString()) is identity.
    this.reqs = Object.freeze([...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  }

  matches(labels: Labels): boolean {
    return this.reqs.every((r) => r.matches(labels));
  }

  empty(): boolean {
    return this.reqs.length === 0;
  }

  toString(): string {
    return this.reqs.map((r) => r.toString()).join(',');
  }

  requirements(): Requirement[] {
    return [...this.reqs];
  }

  add(...reqs: Requirement[]): Selector {
    return new RequirementsSelector([...this.reqs, ...reqs]);
  }

  requiresExactMatch(key: string): string | undefined {
    const r = this.reqs.find((q) => q.key === key);
    if (!r || !['=', '==', 'in'].includes(r.operator) || r.values.length !== 1) return undefined;
    return r.values[0];
  }

  equals(other: Selector): boolean {
    return other instanceof RequirementsSelector && this.toString() === other.toString();
  }
}

const NOTHING: Selector = Object.freeze({
  matches: () => false,
  empty: () => false,
  toString: () => '<null>',
  requirements: () => [],
  add: () => NOTHING,
  requiresExactMatch: () => undefined,
  equals: (other: Selector) => other === NOTHING,
});

const EVERYTHING: Selector = new RequirementsSelector([]);

/** Matches every set of labels (the empty selector). */
export const everything = (): Selector => EVERYTHING;

/** Matches nothing: what a nil LabelSelector means. */
export const nothing = (): Selector => NOTHING;

export function selectorFromRequirements(reqs: readonly Requirement[]): Selector {
  return reqs.length ? new RequirementsSelector(reqs) : EVERYTHING;
}

/**
 * Equality on every pair, as ReplicationController and Service selectors are. An empty set selects
 * everything. Invalid keys or values throw SelectorParseError (Kubernetes' ValidatedSelectorFromSet).
 */
export function selectorFromSet(labels: Readonly<Record<string, string>> | undefined): Selector {
  return selectorFromRequirements(
    Object.entries(labels ?? {}).map(([k, v]) => Requirement.create(k, '=', [v])),
  );
}

/** The shape of metav1.LabelSelector (kept structural: this layer does not import src/api). */
export interface LabelSelectorLike {
  matchLabels?: Readonly<Record<string, string>>;
  matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[];
}

const EXPRESSION_OPERATORS: Readonly<Record<string, Operator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * metav1.LabelSelectorAsSelector: undefined/null selects nothing, `{}` selects everything, otherwise the
 * conjunction of matchLabels and matchExpressions. A bad operator or key/value throws SelectorParseError.
 */
export function selectorFromLabelSelector(ls: LabelSelectorLike | null | undefined): Selector {
  if (ls === undefined || ls === null) return NOTHING;
  const reqs = Object.entries(ls.matchLabels ?? {}).map(([k, v]) => Requirement.create(k, '=', [v]));
  for (const expr of ls.matchExpressions ?? []) {
    const op = Object.prototype.hasOwnProperty.call(EXPRESSION_OPERATORS, expr.operator)
      ? EXPRESSION_OPERATORS[expr.operator]
      : undefined;
    if (!op)
      throw new SelectorParseError(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    reqs.push(Requirement.create(expr.key, op, expr.values ?? []));
  }
  return selectorFromRequirements(reqs);
}
