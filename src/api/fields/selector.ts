// FieldSelector: the `fieldSelector` query parameter (`kubectl --field-selector`), as
// k8s.io/apimachinery/pkg/fields parses it: comma-joined terms `field=value`, `field==value` or
// `field!=value`; values may be empty and use backslash escapes (escape.ts). A field missing from the
// object's field set reads as "" (so `spec.nodeName=` selects unscheduled pods). Which fields exist for
// a resource is resource-fields.ts' business; parsing accepts any field name.
import { escapeValue, FieldSelectorParseError, splitTerms, unescapeValue } from './escape';

export type FieldOperator = '=' | '!=';

export interface FieldRequirement {
  readonly field: string;
  /** `==` is read as `=`. */
  readonly operator: FieldOperator;
  /** The unescaped value. */
  readonly value: string;
}

export type Fields = Readonly<Record<string, string>>;

export interface FieldSelector {
  /** True when every term holds; absent fields read as "". */
  matches(fields: Fields): boolean;
  /** True when the selector selects everything. */
  empty(): boolean;
  /** Canonical text (terms sorted, values escaped); parseFieldSelector(s.toString()) equals s. */
  toString(): string;
  requirements(): FieldRequirement[];
  /** The value field must equal when a `field=value` term pins it (e.g. metadata.name for one-object watches). */
  singleValue(field: string): string | undefined;
  equals(other: FieldSelector): boolean;
}

const termText = (r: FieldRequirement): string => `${r.field}${r.operator}${escapeValue(r.value)}`;

class TermsSelector implements FieldSelector {
  private readonly terms: readonly FieldRequirement[];

  constructor(terms: readonly FieldRequirement[]) {
    const sorted = terms
      .map((t) => ({ t, text: termText(t) }))
      .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    this.terms = Object.freeze(sorted.map(({ t }) => Object.freeze({ ...t })));
  }

  matches(fields: Fields): boolean {
    return this.terms.every((t) => {
      const actual = Object.prototype.hasOwnProperty.call(fields, t.field) ? fields[t.field] : '';
      return t.operator === '=' ? actual === t.value : actual !== t.value;
    });
  }

  empty(): boolean {
    return this.terms.length === 0;
  }

  toString(): string {
    return this.terms.map(termText).join(',');
  }

  requirements(): FieldRequirement[] {
    return [...this.terms];
  }

  singleValue(field: string): string | undefined {
    return this.terms.find((t) => t.field === field && t.operator === '=')?.value;
  }

  equals(other: FieldSelector): boolean {
    return this.toString() === other.toString();
  }
}

// Checked in this order so that `a==b` is not read as `a=` followed by the value `=b`.
const OPERATORS: readonly [string, FieldOperator][] = [
  ['!=', '!='],
  ['==', '='],
  ['=', '='],
];

function splitTerm(term: string): { field: string; operator: FieldOperator; rest: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const [text, operator] of OPERATORS) {
      if (term.startsWith(text, i))
        return { field: term.slice(0, i), operator, rest: term.slice(i + text.length) };
    }
  }
  return undefined;
}

/** Parses `?fieldSelector=` text; "" selects everything. Throws FieldSelectorParseError. */
export function parseFieldSelector(text: string): FieldSelector {
  const terms: FieldRequirement[] = [];
  for (const part of splitTerms(text)) {
    if (part === '') continue; // "a=b,,c=d" and a trailing comma are tolerated, as in Kubernetes
    const split = splitTerm(part);
    // Kubernetes lets an empty field name through to "field label not supported: "; saying so here is clearer.
    if (!split || split.field === '')
      throw new FieldSelectorParseError(`invalid selector: '${text}'; can't understand '${part}'`, text);
    try {
      terms.push({ field: split.field, operator: split.operator, value: unescapeValue(split.rest) });
    } catch (e) {
      if (e instanceof FieldSelectorParseError) throw new FieldSelectorParseError(e.message, text);
      throw e;
    }
  }
  return new TermsSelector(terms);
}

/** parseFieldSelector without exceptions. */
export function tryParseFieldSelector(text: string): { selector: FieldSelector } | { error: string } {
  try {
    return { selector: parseFieldSelector(text) };
  } catch (e) {
    if (e instanceof FieldSelectorParseError) return { error: e.message };
    throw e;
  }
}

/** `field=value` for every pair, e.g. fieldSelectorFromSet({ 'spec.nodeName': node }). */
export function fieldSelectorFromSet(set: Fields): FieldSelector {
  return new TermsSelector(
    Object.entries(set).map(([field, value]) => ({ field, operator: '=' as const, value })),
  );
}

const EVERYTHING = new TermsSelector([]);

/** The empty field selector. */
export const everythingFields = (): FieldSelector => EVERYTHING;
