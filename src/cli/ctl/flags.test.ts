import { describe, expect, it } from 'vitest';
import { kubeconfigPath } from './flags';

describe('kubeconfigPath', () => {
  it('takes the flag, then $KUBECONFIG, then $K8TS_HOME, then ~/.k8ts — never ~/.kube', () => {
    const env = { KUBECONFIG: '/a/kc:/b/kc', K8TS_HOME: '/k', HOME: '/home/u' };
    expect(kubeconfigPath('/flag', env)).toBe('/flag');
    expect(kubeconfigPath(undefined, env)).toBe('/a/kc');
    expect(kubeconfigPath(undefined, { ...env, KUBECONFIG: '' })).toBe('/k/kubeconfig');
    expect(kubeconfigPath(undefined, { HOME: '/home/u' })).toBe('/home/u/.k8ts/kubeconfig');
  });
});
