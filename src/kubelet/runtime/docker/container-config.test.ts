import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/types';
import { appContainerConfig, containerEnv, expand, sandboxConfig } from './container-config';
import { volumeSources } from './volumes';

const pod: Pod = {
  metadata: { name: 'web', namespace: 'prod', uid: 'u-1', labels: { app: 'shop' } },
  spec: {
    volumes: [
      { name: 'data', emptyDir: {} },
      { name: 'logs', hostPath: { path: '/var/log/shop' } },
    ],
    containers: [
      {
        name: 'app',
        image: 'busybox',
        command: ['sh', '-c'],
        args: ['echo $(GREETING) $(MISSING) $$(GREETING)'],
        workingDir: '/data',
        env: [
          { name: 'WHO', value: 'world' },
          { name: 'GREETING', value: 'hello $(WHO)' },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        ],
        volumeMounts: [
          { name: 'data', mountPath: '/data' },
          { name: 'logs', mountPath: '/logs', readOnly: true, subPath: 'app' },
        ],
        resources: { limits: { memory: '64Mi', cpu: '250m' } },
      },
    ],
  },
};

const ctx = {
  sandboxId: 'sb1',
  podIp: '10.244.0.7',
  hash: 'h1',
  restartCount: 2,
  volumes: volumeSources('/var/lib/kubelet', pod),
  extraEnv: [
    { name: 'REDIS_SERVICE_HOST', value: '10.96.0.10' },
    { name: 'WHO', value: 'overridden' },
  ],
};

describe('sandboxConfig', () => {
  it('has no network of its own, shareable IPC, the pod hostname and sandbox labels', () => {
    const c = sandboxConfig(pod, '10.244.0.7', 'k8ts/pause:1', 0);
    expect(c.name).toBe('k8s_POD_web_prod_u-1_0');
    expect(c.Hostname).toBe('web');
    expect(c.HostConfig).toMatchObject({ NetworkMode: 'none', IpcMode: 'shareable' });
    expect(c.HostConfig).not.toHaveProperty('OomScoreAdj');
    expect(c.Labels).toMatchObject({
      'io.k8ts.managed': 'true',
      'io.kubernetes.pod.uid': 'u-1',
      'io.kubernetes.container.name': 'POD',
      'io.k8ts.pod.ip': '10.244.0.7',
    });
  });
});

describe('appContainerConfig', () => {
  const c = appContainerConfig(pod, pod.spec!.containers[0]!, ctx);

  it('joins the sandbox namespaces and is labelled for adoption', () => {
    expect(c.name).toBe('k8s_app_web_prod_u-1_2');
    expect(c.HostConfig).toMatchObject({ NetworkMode: 'container:sb1', IpcMode: 'container:sb1' });
    expect(c.Labels).toMatchObject({
      'io.k8ts.managed': 'true',
      'io.kubernetes.container.name': 'app',
      'io.k8ts.container.hash': 'h1',
      'io.k8ts.container.restartCount': '2',
    });
  });

  it('resolves env: service variables first, container values win, fieldRefs and $(VAR) references', () => {
    expect(c.Env).toEqual([
      'REDIS_SERVICE_HOST=10.96.0.10',
      'WHO=world',
      'GREETING=hello world',
      'POD=web',
      'IP=10.244.0.7',
      'APP=shop',
    ]);
    expect(c.Entrypoint).toEqual(['sh', '-c']);
    expect(c.Cmd).toEqual(['echo hello world $(MISSING) $(GREETING)']);
    expect(c.WorkingDir).toBe('/data');
  });

  it('bind-mounts emptyDir and hostPath volumes, with subPath and read-only', () => {
    expect(c.HostConfig!.Binds).toEqual([
      '/var/lib/kubelet/pods/u-1/volumes/kubernetes.io~empty-dir/data:/data',
      '/var/log/shop/app:/logs:ro',
    ]);
  });

  it("mounts the pod's resolv.conf and hosts, unless the container mounts its own there", () => {
    const podFiles = { resolvConf: '/k/pods/u-1/resolv.conf', hosts: '/k/pods/u-1/etc-hosts' };
    const plain = appContainerConfig(pod, { name: 'x', image: 'busybox' }, { ...ctx, podFiles });
    expect(plain.HostConfig!.Binds).toEqual([
      '/k/pods/u-1/resolv.conf:/etc/resolv.conf',
      '/k/pods/u-1/etc-hosts:/etc/hosts',
    ]);
    const own = { name: 'x', image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/etc/hosts' }] };
    expect(appContainerConfig(pod, own, { ...ctx, podFiles }).HostConfig!.Binds).toEqual([
      '/var/lib/kubelet/pods/u-1/volumes/kubernetes.io~empty-dir/data:/etc/hosts',
      '/k/pods/u-1/resolv.conf:/etc/resolv.conf',
    ]);
  });

  it('applies memory and CPU limits', () => {
    expect(c.HostConfig).toMatchObject({ Memory: 64 * 1024 * 1024, NanoCpus: 250_000_000 });
  });

  it('keeps the image command when the pod gives none', () => {
    const plain = appContainerConfig(pod, { name: 'x', image: 'busybox' }, ctx);
    expect(plain).not.toHaveProperty('Entrypoint');
    expect(plain).not.toHaveProperty('Cmd');
  });

  it('refuses a mount of a volume the pod does not have, and unsupported volume types', () => {
    expect(() =>
      appContainerConfig(
        pod,
        { name: 'x', image: 'busybox', volumeMounts: [{ name: 'nope', mountPath: '/n' }] },
        ctx,
      ),
    ).toThrow('volumeMount "nope": no volume of that name in the pod');
    const nfs: Pod = {
      ...pod,
      spec: { containers: [], volumes: [{ name: 'n', nfs: { server: 's', path: '/' } }] },
    };
    expect(() => volumeSources('/r', nfs)).toThrow('only emptyDir and hostPath volumes are supported');
  });
});

describe('expand', () => {
  it.each([
    ['$(A)', 'a'],
    ['x$(A)y$(B)', 'xay$(B)'],
    ['$$(A)', '$(A)'],
    ['$$', '$'],
    ['$(', '$('],
  ])('%s → %s', (input, out) => {
    expect(expand(input, new Map([['A', 'a']]))).toBe(out);
  });

  it('containerEnv resolves only earlier variables', () => {
    const env = containerEnv(
      pod,
      {
        name: 'x',
        env: [
          { name: 'A', value: '$(B)' },
          { name: 'B', value: 'b' },
        ],
      },
      ctx,
    );
    expect(env.get('A')).toBe('$(B)');
  });
});
