import { describe, expect, it } from 'vitest';
import { LineDecoder } from './line-decoder';

describe('LineDecoder', () => {
  it('joins lines split across chunks and skips blank ones', () => {
    const d = new LineDecoder();
    expect(d.write('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(d.write(':2}\n\n{"c":3}')).toEqual(['{"b":2}']);
    expect(d.end()).toEqual(['{"c":3}']);
    expect(d.end()).toEqual([]);
  });

  it('keeps a multi-byte character split between chunks intact', () => {
    const bytes = Buffer.from('{"name":"é"}\n');
    const cut = bytes.indexOf(0xa9); // second byte of "é"
    const d = new LineDecoder();
    expect(d.write(bytes.subarray(0, cut))).toEqual([]);
    expect(d.write(bytes.subarray(cut))).toEqual(['{"name":"é"}']);
  });
});
