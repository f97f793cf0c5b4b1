import { describe, expect, it } from 'vitest';
import { StatusError } from '../api/errors';
import type { RequestContext } from '../registry/rest';
import { parseFieldPath, validateFields, validatePatchFields } from './field-validation';

const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { 'any.key/works': 'x' } },
  spec: { containers: [{ name: 'c', image: 'busybox', imagee: 'typo' }], foo: 1 },
});

describe('field validation', () => {
  it('splits field paths with list indices', () => {
    expect(parseFieldPath('spec.containers[0].imagee')).toEqual(['spec', 'containers', 0, 'imagee']);
    expect(parseFieldPath('foo')).toEqual(['foo']);
  });

  it('Strict refuses unknown fields with the strict decoder message', () => {
    let err: unknown;
    try {
      validateFields('Pod', pod(), { fieldValidation: 'Strict' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).message).toBe(
      'strict decoding error: unknown field "spec.containers[0].imagee", unknown field "spec.foo"',
    );
  });

  it('Warn drops unknown fields and reports each; Ignore drops them silently', () => {
    const warn: RequestContext = { fieldValidation: 'Warn', warnings: [] };
    const body = pod();
    validateFields('Pod', body, warn);
    expect(warn.warnings).toEqual(['unknown field "spec.containers[0].imagee"', 'unknown field "spec.foo"']);
    expect(body.spec).toEqual({ containers: [{ name: 'c', image: 'busybox' }] });
    const ignore: RequestContext = { fieldValidation: 'Ignore', warnings: [] };
    const quiet = pod();
    validateFields('Pod', quiet, ignore);
    expect(ignore.warnings).toEqual([]);
    expect(quiet.spec).not.toHaveProperty('foo');
  });

  it('checks strategic-merge patches but not their $ directives', () => {
    const ok = {
      spec: { '$setElementOrder/containers': [{ name: 'c' }], containers: [{ name: 'c', image: 'x' }] },
    };
    expect(() => validatePatchFields('Pod', ok, { fieldValidation: 'Strict' })).not.toThrow();
    expect(() =>
      validatePatchFields('Pod', { spec: { replicaz: 3 } }, { fieldValidation: 'Strict' }),
    ).toThrow('unknown field "spec.replicaz"');
  });
});
