import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../client';
import type { ClusterCredentials } from './credentials';
import { kubeconfigPath, writeClusterKubeconfigs } from './kubeconfig';
import { clusterPaths } from './paths';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const CA = '-----BEGIN CERTIFICATE-----\nnot really a certificate\n-----END CERTIFICATE-----\n';

/** Credentials as ensureClusterCredentials returns them; only the CA file must exist for kubeconfigs. */
function fixture() {
  const home = mkdtempSync(path.join(tmpdir(), 'k8ts-kubeconfig-'));
  dirs.push(home);
  const caCert = path.join(home, 'ca.crt');
  writeFileSync(caCert, CA);
  const credentials = {
    pki: { caCert, caKey: '', servingCert: '', servingKey: '' },
    admin: { user: 'admin', token: 'admin-token', password: 'admin-password' },
    components: {
      'controller-manager': { user: 'system:kube-controller-manager', token: 'cm-token' },
      scheduler: { user: 'system:kube-scheduler', token: 'sched-token' },
      proxy: { user: 'system:kube-proxy', token: 'proxy-token' },
      dns: { user: 'system:kube-dns', token: 'dns-token' },
    },
    nodes: [
      {
        name: 'n1',
        ip: '10.240.0.11',
        user: 'system:node:n1',
        token: 'n1-token',
        serving: { cert: '', key: '' },
      },
    ],
  } as unknown as ClusterCredentials;
  return { paths: clusterPaths(home), credentials };
}

describe('writeClusterKubeconfigs', () => {
  it('writes the admin kubeconfig at $K8TS_HOME/kubeconfig with the CA embedded and the token only', () => {
    const { paths, credentials } = fixture();
    const written = writeClusterKubeconfigs(paths, credentials, 'https://10.240.0.1:6443');
    expect(written.admin).toBe(paths.kubeconfig);
    expect(statSync(paths.kubeconfig).mode & 0o777).toBe(0o600);
    const { config } = loadKubeconfig(paths.kubeconfig);
    expect(config).toEqual({ server: 'https://10.240.0.1:6443', ca: Buffer.from(CA), token: 'admin-token' });
    expect(readFileSync(paths.kubeconfig, 'utf8')).not.toContain('admin-password');
  });

  it('writes one kubeconfig per component and node under kubeconfigs/, each with its own token', () => {
    const { paths, credentials } = fixture();
    const written = writeClusterKubeconfigs(paths, credentials, 'https://127.0.0.1:6443');
    expect(written.components.scheduler).toBe(kubeconfigPath(paths, 'scheduler'));
    expect(written.nodes).toEqual({ n1: path.join(paths.home, 'kubeconfigs', 'node-n1.kubeconfig') });
    expect(statSync(path.join(paths.home, 'kubeconfigs')).mode & 0o777).toBe(0o700);
    const expected: [string, string][] = [
      [written.components['controller-manager'], 'cm-token'],
      [written.components.scheduler, 'sched-token'],
      [written.components.proxy, 'proxy-token'],
      [written.components.dns, 'dns-token'],
      [written.nodes.n1!, 'n1-token'],
    ];
    for (const [file, token] of expected) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const { config } = loadKubeconfig(file);
      expect(config).toEqual({ server: 'https://127.0.0.1:6443', ca: Buffer.from(CA), token });
    }
  });

  it('tightens the mode of a kubeconfig that existed with looser bits', () => {
    const { paths, credentials } = fixture();
    writeFileSync(paths.kubeconfig, 'old', { mode: 0o644 });
    writeClusterKubeconfigs(paths, credentials, 'https://127.0.0.1:6443');
    expect(statSync(paths.kubeconfig).mode & 0o777).toBe(0o600);
  });
});
