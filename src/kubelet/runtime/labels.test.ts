import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { containerLabels, dockerName, parseLabels, sandboxLabels } from './labels';

const pod: Pod = { metadata: { name: 'web', namespace: 'shop', uid: 'u-9' } };

describe('container labels', () => {
  it('round-trip what a restarted kubelet needs to adopt a container', () => {
    expect(parseLabels(containerLabels(pod, 'app', 'abc', 4))).toEqual({
      podUid: 'u-9',
      podName: 'web',
      podNamespace: 'shop',
      containerName: 'app',
      sandbox: false,
      hash: 'abc',
      restartCount: 4,
      podIp: undefined,
    });
    expect(parseLabels(sandboxLabels(pod, '10.244.0.3'))).toMatchObject({
      sandbox: true,
      podIp: '10.244.0.3',
    });
  });

  it('ignore containers k8ts does not manage', () => {
    expect(parseLabels({ 'io.kubernetes.pod.uid': 'u-9' })).toBeUndefined();
    expect(parseLabels(undefined)).toBeUndefined();
  });

  it('name containers the way Kubernetes did', () => {
    expect(dockerName(pod, 'app', 2)).toBe('k8s_app_web_shop_u-9_2');
  });
});
