import { describe, expect, it } from 'vitest';
import { hashContainer } from './spec-hash';

describe('hashContainer', () => {
  const base = { name: 'web', image: 'busybox', command: ['httpd', '-f'], env: [{ name: 'A', value: '1' }] };

  it('ignores key order and empty fields', () => {
    const reordered = {
      env: [{ value: '1', name: 'A' }],
      command: ['httpd', '-f'],
      image: 'busybox',
      name: 'web',
    };
    expect(hashContainer(reordered)).toBe(hashContainer(base));
    expect(hashContainer({ ...base, args: [], workingDir: undefined })).toBe(hashContainer(base));
  });

  it('changes when anything that shapes the container changes', () => {
    const h = hashContainer(base);
    expect(hashContainer({ ...base, image: 'busybox:1' })).not.toBe(h);
    expect(hashContainer({ ...base, command: ['httpd', '-f', '-v'] })).not.toBe(h);
    expect(hashContainer({ ...base, env: [{ name: 'A', value: '2' }] })).not.toBe(h);
  });

  it('is a short hex label value', () => {
    expect(hashContainer(base)).toMatch(/^[0-9a-f]{16}$/);
  });
});
