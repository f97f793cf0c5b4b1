import { describe, expect, it } from 'vitest';
import { componentDockerfile, componentImageRefs, entrypointOf } from './component-image';
import type { ComponentPlan } from './components';
import { containerNameOf, containerRunArgs, runsInContainer } from './container-components';
import { clusterPaths } from './paths';
import { formatStatus } from './status';

const paths = clusterPaths('/tmp/k8ts-home');
const apiserver: ComponentPlan = {
  name: 'apiserver',
  verb: 'apiserver',
  args: ['apiserver', '--store', 'sqlite', '--data-dir', '/tmp/k8ts-home/data'],
};

describe('runsInContainer', () => {
  it('puts the control plane and DNS in containers, never a kubelet, proxy or etcd', () => {
    const c = (verb: ComponentPlan['verb'], netns?: string) => runsInContainer({ verb, netns });
    expect(
      ['apiserver', 'controller-manager', 'scheduler', 'dns'].every((v) => c(v as ComponentPlan['verb'])),
    ).toBe(true);
    expect(c('kubelet')).toBe(false);
    expect(c('proxy')).toBe(false);
    expect(c('etcd')).toBe(false);
  });
});

describe('containerRunArgs', () => {
  const args = containerRunArgs(paths, apiserver, 'k8ts/apiserver:0.1.0-abc');
  const after = (flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));

  it('runs on the host network with docker-init as PID 1, and Docker never restarts it (up does)', () => {
    expect(args.slice(0, 4)).toEqual(['run', '--detach', '--name', 'k8ts-apiserver']);
    expect(args).toContain('--init');
    expect(after('--network')).toEqual(['host']);
    expect(after('--restart')).toEqual(['no']);
  });

  it('labels it with the component and the cluster home, and mounts the home at the same path', () => {
    expect(after('--label')).toEqual(['io.k8ts.component=apiserver', 'io.k8ts.home=/tmp/k8ts-home']);
    expect(after('--volume')).toEqual(['/tmp/k8ts-home:/tmp/k8ts-home']);
  });

  it('appends its output to the component log under the home', () => {
    expect(after('--env')).toContain('K8TS_LOG=/tmp/k8ts-home/logs/apiserver.log');
    expect(after('--env')).toContain('K8TS_COMPONENT=apiserver');
  });

  it('passes the flags after the image; the verb is the image’s own', () => {
    const i = args.indexOf('k8ts/apiserver:0.1.0-abc');
    expect(args.slice(i + 1)).toEqual(['--store', 'sqlite', '--data-dir', '/tmp/k8ts-home/data']);
    expect(containerNameOf('controller-manager')).toBe('k8ts-controller-manager');
  });
});

describe('component images', () => {
  it('tags every image with the version and its fingerprint', () => {
    const refs = componentImageRefs('0.1.0', 'ffffffffffff', '0123456789ab');
    expect(refs.base).toBe('k8ts/base:0.1.0-ffffffffffff');
    expect(refs.byVerb).toEqual({
      apiserver: 'k8ts/apiserver:0.1.0-0123456789ab',
      'controller-manager': 'k8ts/controller-manager:0.1.0-0123456789ab',
      scheduler: 'k8ts/scheduler:0.1.0-0123456789ab',
      dns: 'k8ts/dns:0.1.0-0123456789ab',
    });
  });

  it('builds each from the local base, adding the bundle and an entrypoint that runs its verb', () => {
    const file = componentDockerfile('k8ts/base:0.1.0-x', 'scheduler', 'x');
    const lines = file.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['FROM k8ts/base:0.1.0-x', 'COPY dist /opt/k8ts/dist']);
    expect(JSON.parse(lines[3]!.replace(/^ENTRYPOINT /, ''))).toEqual(entrypointOf('scheduler'));
    const [sh, dashC, script, verb] = entrypointOf('scheduler');
    expect([sh, dashC, verb]).toEqual(['/bin/sh', '-c', 'scheduler']);
    expect(script).toMatch(
      /exec \/usr\/local\/bin\/node --enable-source-maps \/opt\/k8ts\/dist\/main.js "\$0" "\$@"$/,
    );
  });
});

describe('status of a component in a container', () => {
  it('shows the container id and Docker state instead of a PID', () => {
    const text = formatStatus([
      { name: 'dockerd', pid: 42 },
      { name: 'apiserver', container: { id: '0123456789ab', state: 'exited' } },
      { name: 'scheduler', pid: 77, container: { id: 'ba9876543210', state: 'running' } },
      { name: 'kubelet', pid: 99 },
    ]);
    expect(text).toMatch(/^COMPONENT\s+PID\/CONTAINER\s+STATUS$/m);
    expect(text).toMatch(/^apiserver\s+0123456789ab\s+not running \(container exited\)$/m);
    expect(text).toMatch(/^scheduler\s+ba9876543210\s+running \(container running\)$/m);
    expect(text).toMatch(/^kubelet\s+99\s+running$/m);
  });
});
