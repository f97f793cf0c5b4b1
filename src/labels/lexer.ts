// The label selector lexer: turns selector text into tokens exactly as k8s.io/apimachinery/pkg/labels'
// Lexer does. Identifiers run until whitespace or one of the operator characters `=!(),<>`; runs of
// operator characters become the longest known operator (`!=`, `==`, `=`, `!`, ...).

export type Token =
  | 'end'
  | 'closedPar'
  | 'comma'
  | 'doesNotExist'
  | 'doubleEquals'
  | 'equals'
  | 'greaterThan'
  | 'identifier'
  | 'in'
  | 'lessThan'
  | 'notEquals'
  | 'notIn'
  | 'openPar';

export interface ScannedItem {
  token: Token;
  literal: string;
}

const KEYWORDS: Readonly<Record<string, Token>> = {
  ')': 'closedPar',
  ',': 'comma',
  '!': 'doesNotExist',
  '==': 'doubleEquals',
  '=': 'equals',
  '>': 'greaterThan',
  in: 'in',
  '<': 'lessThan',
  '!=': 'notEquals',
  notin: 'notIn',
  '(': 'openPar',
};

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch);
const keyword = (s: string): Token | undefined =>
  Object.prototype.hasOwnProperty.call(KEYWORDS, s) ? KEYWORDS[s] : undefined;

/** Every token of text, ending with one 'end' token. */
export function scan(text: string): ScannedItem[] {
  const items: ScannedItem[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && isWhitespace(text[pos]!)) pos++;
    if (pos >= text.length) {
      items.push({ token: 'end', literal: '' });
      return items;
    }
    const start = pos;
    if (isSpecial(text[pos]!)) {
      // Longest run of operator characters that still spells a known operator.
      let best: ScannedItem | undefined;
      let end = pos;
      while (end < text.length && isSpecial(text[end]!)) {
        const candidate = text.slice(start, end + 1);
        const token = keyword(candidate);
        if (token) best = { token, literal: candidate };
        else if (best) break;
        end++;
      }
      // Each operator character alone is a keyword, so the first one always sets best.
      items.push(best!);
      pos = start + best!.literal.length;
      continue;
    }
    while (pos < text.length && !isSpecial(text[pos]!) && !isWhitespace(text[pos]!)) pos++;
    const literal = text.slice(start, pos);
    items.push({ token: keyword(literal) ?? 'identifier', literal });
  }
}
