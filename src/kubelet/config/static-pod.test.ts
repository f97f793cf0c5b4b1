import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../api/legacy';
import {
  CONFIG_HASH_ANNOTATION,
  CONFIG_SOURCE_ANNOTATION,
  canonicalJSON,
  podFullName,
  toStaticPod,
} from './static-pod';
import { manifestYaml, podYaml } from './testing';

const parsed = (text: string) => parseManifests(text, 'test')[0]!;

describe('toStaticPod', () => {
  it('names, places and annotates the pod as Kubernetes does, without touching its input', () => {
    const input = parsed(podYaml('web'));
    const before = structuredClone(input);
    const pod = toStaticPod(input, 'file', 'node-1');
    expect(input).toEqual(before);
    expect(pod.metadata).toMatchObject({ name: 'web-node-1', namespace: 'default' });
    expect(podFullName(pod)).toBe('default/web-node-1');
    expect(pod.spec!.nodeName).toBe('node-1');
    expect(pod.metadata!.annotations![CONFIG_SOURCE_ANNOTATION]).toBe('file');
    expect(pod.metadata!.annotations![CONFIG_HASH_ANNOTATION]).toMatch(/^[0-9a-f]{32}$/);
    expect(pod.metadata!.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('derives the UID from source, content and node only', () => {
    const uid = (text: string, source = 'file', node = 'node-1') =>
      toStaticPod(parsed(text), source, node).metadata!.uid;
    expect(uid(manifestYaml('web'))).toBe(uid(manifestYaml('web')));
    expect(uid(manifestYaml('web'))).not.toBe(uid(manifestYaml('web', 'busybox:2')));
    expect(uid(manifestYaml('web'))).not.toBe(uid(manifestYaml('web'), 'http'));
    expect(uid(manifestYaml('web'))).not.toBe(uid(manifestYaml('web'), 'file', 'node-2'));
    // Key order in the file does not matter.
    const reordered =
      'id: web\ncontainers:\n  - ports:\n      - containerPort: 80\n    image: busybox\n    name: main\nversion: v1beta1\n';
    expect(uid(reordered)).toBe(uid(manifestYaml('web')));
  });

  it('keeps a UID the manifest sets itself', () => {
    const pod = toStaticPod(
      parsed(`${manifestYaml('web')}uuid: 6a1e2b6c-0000-4000-8000-000000000001\n`),
      'file',
      'n',
    );
    expect(pod.metadata!.uid).toBe('6a1e2b6c-0000-4000-8000-000000000001');
  });

  it('keeps a namespace the pod names', () => {
    expect(
      toStaticPod(parsed(podYaml('web', 'busybox', 'kube-system')), 'etcd', 'n').metadata!.namespace,
    ).toBe('kube-system');
  });
});

describe('canonicalJSON', () => {
  it('ignores key order and undefined fields', () => {
    expect(canonicalJSON({ b: 1, a: { d: [1, { f: 2, e: undefined }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"f":2}]},"b":1}',
    );
  });
});
