import { describe, expect, it } from 'vitest';
import { makeRC, rcRef } from '../testing/fixtures';
import { podFromTemplate } from './pod-from-template';

describe('podFromTemplate', () => {
  const rc = makeRC('frontend', { namespace: 'shop', templateLabels: { app: 'frontend', tier: 'web' } });

  it('builds the pod the RC creates: generateName, template metadata, controller reference, spec', () => {
    expect(podFromTemplate(rc)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: 'frontend-',
        namespace: 'shop',
        labels: { app: 'frontend', tier: 'web' },
        annotations: { team: 'web' },
        ownerReferences: [rcRef(rc)],
      },
      spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }] },
    });
  });

  it('returns copies: changing the pod leaves the (frozen) RC untouched', () => {
    const pod = podFromTemplate(rc);
    pod.metadata!.labels!.extra = 'x';
    pod.spec!.containers[0]!.image = 'other';
    expect(rc.spec!.template!.metadata!.labels).toEqual({ app: 'frontend', tier: 'web' });
    expect(rc.spec!.template!.spec!.containers[0]!.image).toBe('nginx');
  });

  it('a template without spec gives a pod without containers, for the apiserver to reject', () => {
    const bare = { ...rc, spec: { ...rc.spec, template: { metadata: { labels: { a: 'b' } } } } };
    expect(podFromTemplate(bare).spec).toEqual({ containers: [] });
  });
});
