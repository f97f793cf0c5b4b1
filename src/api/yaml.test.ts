import { describe, expect, it } from 'vitest';
import { decodeYaml, decodeYamlDocuments, MAX_YAML_DEPTH, yamlTooDeep } from './yaml';

describe('decodeYaml', () => {
  it('decodes ordinary objects', () => {
    expect(decodeYaml('a: 1\nb: [x, {c: true}]\n')).toEqual({ a: 1, b: ['x', { c: true }] });
  });

  it.each([
    ['flow sequences', '['.repeat(5000) + ']'.repeat(5000)],
    ['flow mappings', '{a: '.repeat(3000) + '1' + '}'.repeat(3000)],
    ['compact block sequences', '- '.repeat(5000) + 'x'],
  ])('refuses %s nested thousands of levels deep with an error, not a crash', (_, text) => {
    expect(() => decodeYaml(text)).toThrow(`nesting deeper than ${MAX_YAML_DEPTH} levels`);
  });

  it('accepts nesting up to the limit', () => {
    const depth = MAX_YAML_DEPTH - 5;
    expect(yamlTooDeep('['.repeat(depth) + ']'.repeat(depth))).toBe(false);
    expect(yamlTooDeep('['.repeat(MAX_YAML_DEPTH + 1) + ']'.repeat(MAX_YAML_DEPTH + 1))).toBe(true);
  });

  it('refuses an alias bomb', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lines.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    expect(() => decodeYaml(lines.join('\n'))).toThrow(/alias/i);
  });

  it('refuses duplicate keys and names the document in a stream', () => {
    expect(() => decodeYaml('a: 1\na: 2\n')).toThrow(/unique/i);
    expect(() => decodeYamlDocuments('a: 1\n---\nb: [\n')).toThrow(/^document 2: /);
  });

  it('decodes every document of a stream', () => {
    expect(decodeYamlDocuments('a: 1\n---\nb: 2\n---\n')).toEqual([{ a: 1 }, { b: 2 }, null]);
  });
});
