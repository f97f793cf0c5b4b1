import { describe, expect, it } from 'vitest';
import type { Pod, PodSpec } from '../../api/types';
import { podHostname, renderEtcHosts } from './etc-hosts';

const pod = (spec: Partial<PodSpec> = {}, name = 'web'): Pod => ({
  metadata: { name, namespace: 'shop', uid: 'u1' },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
});

const LOOPBACK =
  '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' +
  'fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';

describe('renderEtcHosts', () => {
  it('maps the pod IP to the pod name after the loopback entries', () => {
    expect(renderEtcHosts(pod(), '10.244.0.7', 'cluster.local')).toBe(`${LOOPBACK}10.244.0.7\tweb\n`);
  });

  it('uses spec.hostname and, with a subdomain, the FQDN first', () => {
    const text = renderEtcHosts(pod({ hostname: 'db-0', subdomain: 'db' }), '10.244.0.8', 'cluster.local.');
    expect(text.endsWith('10.244.0.8\tdb-0.db.shop.svc.cluster.local\tdb-0\n')).toBe(true);
  });

  it('appends hostAliases', () => {
    const text = renderEtcHosts(
      pod({ hostAliases: [{ ip: '10.1.2.3', hostnames: ['foo.local', 'bar.local'] }] }),
      '10.244.0.9',
      'cluster.local',
    );
    expect(text).toContain(
      '10.244.0.9\tweb\n\n# Entries added by HostAliases.\n10.1.2.3\tfoo.local\tbar.local\n',
    );
  });
});

describe('podHostname', () => {
  it('is cut to 63 characters', () => {
    expect(podHostname(pod({}, 'x'.repeat(80)))).toBe('x'.repeat(63));
  });
});
