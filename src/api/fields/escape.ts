// Field selector value escaping, as k8s.io/apimachinery/pkg/fields: `\`, `,` and `=` inside a value are
// written `\\`, `\,` and `\=`; anything else after a backslash, or an unescaped `,`/`=`, is an error.

/** A field selector that cannot be parsed. The apiserver answers it with 400 BadRequest and this message. */
export class FieldSelectorParseError extends Error {
  constructor(
    message: string,
    readonly selector?: string,
  ) {
    super(message);
    this.name = 'FieldSelectorParseError';
  }
}

/** Escapes a literal value for use after `=` or `!=` in a field selector. */
export function escapeValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** The literal value of an escaped one; throws FieldSelectorParseError on a bad sequence. */
export function unescapeValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = '';
  let inSlash = false;
  for (const c of value) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=')
        throw new FieldSelectorParseError(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      throw new FieldSelectorParseError(
        `invalid field selector: unescaped character in value: '${c}' (write it as '\\${c}')`,
      );
    } else {
      out += c;
    }
  }
  if (inSlash) throw new FieldSelectorParseError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Splits on commas that are not escaped; escapes are kept for unescapeValue. */
export function splitTerms(selector: string): string[] {
  if (selector === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}
