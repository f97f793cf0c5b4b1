// YAML decoding that no input can crash. The `yaml` package composes documents recursively: a body nested a few
// thousand levels deep overflows the stack, and when that happens inside V8's regexp compiler the process aborts
// instead of throwing. So the nesting depth is measured first with yaml's own lexer and CST parser, which keep an
// explicit stack and never recurse, and anything deeper than any real object is refused. Aliases are capped too
// (a "billion laughs" document expands exponentially).
import { Lexer, Parser, parseAllDocuments, parseDocument, type Document } from 'yaml';

/** Deeper than any Kubernetes object needs (a pod spec is about 10 levels), far below what would overflow. */
export const MAX_YAML_DEPTH = 100;
const MAX_ALIAS_COUNT = 100;

/** Whether `text` nests more than `max` levels (flow or block). Stops at the first level too deep. */
export function yamlTooDeep(text: string, max = MAX_YAML_DEPTH): boolean {
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    for (const _ of parser.next(lexeme)) {
      // Whole documents are not needed, only the parser's stack depth.
    }
    if (parser.stack.length > max) return true;
  }
  return false;
}

function guard(text: string): void {
  if (yamlTooDeep(text)) throw new Error(`nesting deeper than ${MAX_YAML_DEPTH} levels`);
}

function valueOf(doc: Document): unknown {
  if (doc.errors.length) throw doc.errors[0]!;
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
}

/** The value of a single YAML document. Throws an Error whose first line says what is wrong. */
export function decodeYaml(text: string): unknown {
  guard(text);
  return valueOf(parseDocument(text, { uniqueKeys: true }));
}

/** The values of every document in a `---`-separated YAML stream, in order. Throws like decodeYaml, naming the
 * document. */
export function decodeYamlDocuments(text: string): unknown[] {
  guard(text);
  return parseAllDocuments(text, { uniqueKeys: true }).map((doc, d) => {
    try {
      return valueOf(doc);
    } catch (e) {
      throw new Error(`document ${d + 1}: ${(e as Error).message.split('\n')[0]}`);
    }
  });
}
