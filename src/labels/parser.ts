// parseSelector: the label selector grammar of k8s.io/apimachinery/pkg/labels.Parse, error texts included.
//   selector    ::= requirement ( "," requirement )*  |  ""
//   requirement ::= [ "!" ] KEY [ ( "in" | "notin" ) "(" VALUE ( "," VALUE )* ")" | ( "=" | "==" | "!=" | ">" | "<" ) VALUE ]
// A bare KEY means "exists", "!KEY" "does not exist"; VALUEs may be empty; whitespace between tokens is free.
// `in` and `notin` are keywords only in operator position, so `in in (in)` is a valid requirement.
import { invalidValue, SelectorParseError } from './errors';
import { scan, type ScannedItem, type Token } from './lexer';
import { Requirement, type Operator } from './requirement';
import { selectorFromRequirements, type Selector } from './selector';
import { validateLabelKey } from './validation';

/** Where `in`/`notin` are read: as operators (after a key) or as plain identifiers (keys and values). */
type Context = 'operator' | 'values';

const BINARY_OPERATORS: Partial<Record<Token, Operator>> = {
  in: 'in',
  notIn: 'notin',
  equals: '=',
  doubleEquals: '==',
  notEquals: '!=',
  greaterThan: 'gt',
  lessThan: 'lt',
};

class Parser {
  private position = 0;
  constructor(private readonly items: ScannedItem[]) {}

  private lookahead(context: Context): ScannedItem {
    return this.as(this.items[this.position]!, context);
  }

  private consume(context: Context): ScannedItem {
    return this.as(this.items[this.position++]!, context);
  }

  private as(item: ScannedItem, context: Context): ScannedItem {
    if (context === 'values' && (item.token === 'in' || item.token === 'notIn'))
      return { token: 'identifier', literal: item.literal };
    return item;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { token, literal } = this.lookahead('values');
      if (token === 'end') return reqs;
      if (token !== 'identifier' && token !== 'doesNotExist')
        throw new SelectorParseError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.parseRequirement());
      } catch (e) {
        if (e instanceof SelectorParseError)
          throw new SelectorParseError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const next = this.consume('values');
      if (next.token === 'end') return reqs;
      if (next.token !== 'comma')
        throw new SelectorParseError(`found '${next.literal}', expected: ',' or 'end of string'`);
      const after = this.lookahead('values');
      if (after.token !== 'identifier' && after.token !== 'doesNotExist')
        throw new SelectorParseError(`found '${after.literal}', expected: identifier after ','`);
    }
  }

  private parseRequirement(): Requirement {
    let item = this.consume('values');
    const negated = item.token === 'doesNotExist';
    if (negated) item = this.consume('values');
    if (item.token !== 'identifier')
      throw new SelectorParseError(`found '${item.literal}', expected: identifier`);
    const key = item.literal;
    const keyErrs = validateLabelKey(key);
    if (keyErrs.length) throw new SelectorParseError(invalidValue('key', key, keyErrs.join('; ')));
    // `!key` is complete by itself: in `!a=b` the `=` is then an error, as in Kubernetes.
    if (negated) return Requirement.create(key, '!');
    const next = this.lookahead('values').token;
    if (next === 'end' || next === 'comma') return Requirement.create(key, 'exists');
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return Requirement.create(key, op, values);
  }

  private parseOperator(): Operator {
    const { token, literal } = this.consume('operator');
    const op = BINARY_OPERATORS[token];
    if (!op) throw new SelectorParseError(`found '${literal}', expected: in, notin, =, ==, !=, gt, lt`);
    return op;
  }

  /** `(a,b,c)`; `()` and empty items between commas stand for the empty value. */
  private parseValues(): string[] {
    const open = this.consume('values');
    if (open.token !== 'openPar') throw new SelectorParseError(`found '${open.literal}' expected: '('`);
    const { token, literal } = this.lookahead('values');
    if (token === 'closedPar') {
      this.consume('values');
      return [''];
    }
    if (token !== 'identifier' && token !== 'comma')
      throw new SelectorParseError(`found '${literal}', expected: ',', ')' or identifier`);
    const values = this.parseIdentifiersList();
    this.consume('values'); // the ')' that parseIdentifiersList stopped at
    return values;
  }

  private parseIdentifiersList(): string[] {
    const values = new Set<string>();
    for (;;) {
      const { token, literal } = this.consume('values');
      if (token === 'identifier') {
        values.add(literal);
        const next = this.lookahead('values');
        if (next.token === 'comma') continue;
        if (next.token === 'closedPar') return [...values];
        throw new SelectorParseError(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (token !== 'comma') throw new SelectorParseError(`found '${literal}', expected: ',', or identifier`);
      if (values.size === 0) values.add(''); // "(,"
      const next = this.lookahead('values').token;
      if (next === 'closedPar') {
        values.add(''); // ",)"
        return [...values];
      }
      if (next === 'comma') {
        this.consume('values');
        values.add(''); // ",,"
      }
    }
  }

  /** The single value after `=`, `==`, `!=`, `>` or `<`; nothing before `,` or the end means "". */
  private parseExactValue(): string[] {
    const next = this.lookahead('values').token;
    if (next === 'end' || next === 'comma') return [''];
    const { token, literal } = this.consume('values');
    if (token === 'identifier') return [literal];
    throw new SelectorParseError(`found '${literal}', expected: identifier`);
  }
}

/** Parses selector text (as sent in `?labelSelector=` or `kubectl -l`); "" selects everything. */
export function parseSelector(text: string): Selector {
  try {
    return selectorFromRequirements(new Parser(scan(text)).parse());
  } catch (e) {
    if (e instanceof SelectorParseError) throw new SelectorParseError(e.message, text);
    throw e;
  }
}

/** parseSelector without exceptions, for callers that turn the message into a Status. */
export function tryParseSelector(text: string): { selector: Selector } | { error: string } {
  try {
    return { selector: parseSelector(text) };
  } catch (e) {
    if (e instanceof SelectorParseError) return { error: e.message };
    throw e;
  }
}
