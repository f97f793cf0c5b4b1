// The kubelet's part of services on real Docker: a pod's hostPort reachable on the node address (DNAT in a nat
// chain of the test's own, removed with the pod and reconciled by a restarted kubelet), and pod DNS — the
// resolv.conf a ClusterFirst pod sees, and names really resolved through it by a tiny DNS responder the test
// runs on the bridge address. Only the test's bridge (k8tshp0, 10.253.50.0/24) is used; pods can reach nothing
// else (a FORWARD drop for the range), and every rule, link, container and daemon is removed in afterAll.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import dns2 from 'dns2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Container, Pod, PodSpec } from '../../src/api/types';
import {
  BridgeNetworkPlugin,
  HostPortManager,
  IpAllocator,
  parseResolvConf,
  renderResolvConf,
} from '../../src/kubelet/network';
import { DockerRuntime } from '../../src/kubelet/runtime';
import { canRunDocker, startDockerNode, stopDockerNode, until, type DockerNode } from './support';

const run = promisify(execFile);
const BRIDGE = 'k8tshp0';
const CIDR = '10.253.50.0/24';
const NODE_IP = '10.253.50.1'; // the bridge address stands in for the node's address
const VETH_PREFIX = 'k8tshp';
const CHAIN = `K8TSHP-TEST-${randomBytes(3).toString('hex')}`;
const SERVICE_NAME = 'web.default.svc.cluster.local';
/** Pods of this test reach nothing beyond their bridge, whatever a test does. */
const FORWARD_GUARD =
  `FORWARD -s ${CIDR} ! -o ${BRIDGE} -m comment --comment k8tshp-test-pods-stay-here -j DROP`.split(' ');

let node: DockerNode | undefined;
let hostPorts: HostPortManager | undefined;
let network: BridgeNetworkPlugin | undefined;
let runtime: DockerRuntime;
let dnsServer: ReturnType<typeof dns2.createServer> | undefined;
let guarded = false;
/** The IP the DNS responder gives SERVICE_NAME: the web pod's, once it runs. */
let serviceIp = '';
const pods: string[] = [];

const iptablesSave = async () => (await run('iptables-save', ['-t', 'nat'])).stdout;

function newRuntime(): DockerRuntime {
  hostPorts = new HostPortManager({ nodeIp: NODE_IP, podCidr: CIDR, chain: CHAIN });
  network = new BridgeNetworkPlugin({ bridge: BRIDGE, cidr: CIDR, vethPrefix: VETH_PREFIX, hostPorts });
  return new DockerRuntime({
    docker: node!.docker,
    rootDir: path.join(node!.root, 'kubelet'),
    network,
    ips: new IpAllocator(CIDR, path.join(node!.root, 'kubelet', 'pod-ips.json')),
    dns: { clusterDns: [NODE_IP], clusterDomain: 'cluster.local' },
  });
}

function pod(name: string, container: Partial<Container>, spec: Partial<PodSpec> = {}): Pod {
  const uid = randomUUID();
  pods.push(uid);
  return {
    metadata: { name, namespace: 'default', uid },
    spec: {
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'main', image: 'busybox', ...container }],
      ...spec,
    },
  };
}

const webPod = (name = 'web') =>
  pod(name, {
    command: [
      'sh',
      '-c',
      'mkdir -p /www && echo "hello from $(hostname)" > /www/index.html && exec httpd -f -p 80 -h /www',
    ],
    ports: [{ containerPort: 80, hostPort: 18080 }],
  });
// Busybox 1.35's `wget -T` segfaults (exit 139) in this build: wget is bounded with `timeout` instead.
const sleeper = (name: string, spec: Partial<PodSpec> = {}) =>
  pod(name, { command: ['sleep', '3600'] }, spec);

/** Answers A for SERVICE_NAME with serviceIp; every other name is NXDOMAIN, so nothing resolves off the machine. */
async function startDnsResponder(): Promise<ReturnType<typeof dns2.createServer>> {
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = dns2.Packet.createResponseFromRequest(request);
      const question = request.questions[0] as { name: string; type: number } | undefined;
      const name = question?.name.toLowerCase().replace(/\.$/, '');
      if (name !== SERVICE_NAME) (response as unknown as { header: { rcode: number } }).header.rcode = 3;
      else if (question!.type === dns2.Packet.TYPE.A && serviceIp)
        response.answers.push({
          name: question!.name,
          type: dns2.Packet.TYPE.A,
          class: dns2.Packet.CLASS.IN,
          ttl: 5,
          address: serviceIp,
        } as unknown as (typeof response.answers)[number]);
      send(response);
    },
  });
  await server.listen({ udp: { port: 53, address: NODE_IP } });
  return server;
}

describe.skipIf(!canRunDocker)(
  'pod DNS and hostPort on real Docker (needs root, dockerd, busybox-static)',
  () => {
    beforeAll(async () => {
      node = await startDockerNode({
        prefix: 'k8tshp-',
        bridge: BRIDGE,
        cidr: CIDR,
        vethPrefix: VETH_PREFIX,
      });
      await run('iptables', ['-w', '5', '-I', ...FORWARD_GUARD]);
      guarded = true;
      runtime = newRuntime();
      await network!.init();
      await runtime.recover();
      dnsServer = await startDnsResponder();
    }, 90_000);

    // Each test's pods go with it, so a failure cannot leave a host port held for the next test.
    afterEach(async () => {
      for (const uid of pods.splice(0)) await runtime.killPod(uid, 0);
      serviceIp = '';
    }, 30_000);

    afterAll(async () => {
      const errors: unknown[] = [];
      const step = async (fn: () => Promise<unknown>) => fn().catch((err: unknown) => errors.push(err));
      for (const uid of pods) await step(() => runtime.killPod(uid, 0));
      await step(async () => dnsServer?.close());
      await step(async () => network?.destroy());
      if (guarded) await step(() => run('iptables', ['-w', '5', '-D', ...FORWARD_GUARD]));
      await step(() => stopDockerNode(node));
      const left = (await run('iptables-save')).stdout.split('\n').filter((l) => /k8tshp/i.test(l));
      expect(left).toEqual([]);
      expect(errors).toEqual([]);
    }, 90_000);

    it('opens a hostPort on the node address, keeps it across a kubelet restart, closes it with the pod', async () => {
      const web = webPod();
      const uid = web.metadata!.uid!;
      const status = await runtime.syncPod(web);
      const podIp = status.podIp!;
      serviceIp = podIp;
      expect(await iptablesSave()).toContain(
        `-A ${CHAIN} -d ${NODE_IP}/32 -p tcp -m tcp --dport 18080 -m comment --comment "k8ts-hostport ${uid} default/web" -j DNAT --to-destination ${podIp}:80`,
      );

      // from the node itself (OUTPUT)
      const page = await until('the pod page on the host port', async () => {
        const res = await fetch(`http://${NODE_IP}:18080/`, { signal: AbortSignal.timeout(2000) });
        return res.ok ? res.text() : undefined;
      });
      expect(page).toBe('hello from web\n');

      // from another pod (PREROUTING; masqueraded, so the reply comes back through the node)
      const client = sleeper('client');
      await runtime.syncPod(client);
      const viaPod = await runtime.exec(client.metadata!.uid!, 'main', [
        'timeout',
        '5',
        'wget',
        '-qO-',
        `http://${NODE_IP}:18080/`,
      ]);
      expect(viaPod).toMatchObject({ exitCode: 0, stdout: 'hello from web\n' });
      // and from the pod itself (hairpin): without the masquerade its reply would go to itself over lo
      const hairpin = await runtime.exec(uid, 'main', [
        'timeout',
        '5',
        'wget',
        '-qO-',
        `http://${NODE_IP}:18080/`,
      ]);
      expect(hairpin).toMatchObject({ exitCode: 0, stdout: 'hello from web\n' });

      // a restarted kubelet adopts the rules of running pods and drops those of pods that are gone
      await hostPorts!.set({
        uid: 'ghost',
        name: 'default/ghost',
        podIp: '10.253.50.250',
        mappings: [{ hostPort: 18081, containerPort: 80, protocol: 'TCP' }],
      });
      expect(await iptablesSave()).toContain('--dport 18081');
      runtime = newRuntime();
      await network!.init();
      await runtime.recover();
      const adopted = await iptablesSave();
      expect(adopted).not.toContain('--dport 18081');
      expect(adopted).toContain(`--dport 18080 -m comment --comment "k8ts-hostport ${uid} default/web"`);
      const again = await fetch(`http://${NODE_IP}:18080/`, { signal: AbortSignal.timeout(2000) });
      expect(await again.text()).toBe('hello from web\n');

      // a second pod asking for the same host port is refused, the first keeps it
      const rival = webPod('rival');
      await expect(runtime.syncPod(rival)).rejects.toThrow(
        'hostPort 18080/TCP of pod default/rival is already used by pod default/web on this node',
      );
      await runtime.killPod(rival.metadata!.uid!, 0);
      expect(await iptablesSave()).toContain(`--to-destination ${podIp}:80`);

      // deleting the pod closes the port: the node address refuses
      await runtime.killPod(uid, 0);
      expect(await iptablesSave()).not.toContain('--dport 18080');
      await expect(
        fetch(`http://${NODE_IP}:18080/`, { signal: AbortSignal.timeout(2000) }),
      ).rejects.toThrow();
      serviceIp = '';
    }, 60_000);

    it('gives a ClusterFirst pod the cluster resolver, and names resolve through it', async () => {
      const web = webPod();
      serviceIp = (await runtime.syncPod(web)).podIp!;
      const client = sleeper('dns-client');
      const cuid = client.metadata!.uid!;
      const clientIp = (await runtime.syncPod(client)).podIp!;
      const exec = (cmd: string[]) => runtime.exec(cuid, 'main', cmd);

      const resolv = (await exec(['cat', '/etc/resolv.conf'])).stdout;
      expect(resolv).toMatch(/^nameserver 10\.253\.50\.1\n/);
      expect(resolv).toMatch(
        /\nsearch default\.svc\.cluster\.local svc\.cluster\.local cluster\.local( |\n)/,
      );
      expect(resolv).toMatch(/\noptions ndots:5\n$/);
      expect((await exec(['cat', '/etc/hosts'])).stdout).toContain(`\n${clientIp}\tdns-client\n`);

      // busybox's nslookup (its own resolver) asks the cluster DNS
      const lookup = await exec(['nslookup', SERVICE_NAME]);
      expect(lookup.exitCode, lookup.stdout + lookup.stderr).toBe(0);
      expect(lookup.stdout).toContain(`Address: ${serviceIp}`);
      const unknown = await exec(['nslookup', 'nothing.default.svc.cluster.local']);
      expect(unknown.exitCode).not.toBe(0);

      // wget goes through the static glibc resolver (getaddrinfo), full name and short name via the search path
      for (const name of [SERVICE_NAME, 'web']) {
        const got = await exec(['timeout', '5', 'wget', '-qO-', `http://${name}/`]);
        expect(got, name).toMatchObject({ exitCode: 0, stdout: 'hello from web\n' });
      }
    }, 60_000);

    it('gives a Default pod the node resolver and a None pod only its dnsConfig', async () => {
      const host = pod('host-dns', { command: ['sleep', '3600'] }, { dnsPolicy: 'Default' });
      await runtime.syncPod(host);
      const seen = (await runtime.exec(host.metadata!.uid!, 'main', ['cat', '/etc/resolv.conf'])).stdout;
      expect(seen).toBe(renderResolvConf(parseResolvConf(readFileSync('/etc/resolv.conf', 'utf8'))));

      const none = sleeper('none-dns', {
        dnsPolicy: 'None',
        dnsConfig: {
          nameservers: ['10.253.50.1'],
          searches: ['example.test'],
          options: [{ name: 'ndots', value: '1' }],
        },
      });
      await runtime.syncPod(none);
      expect((await runtime.exec(none.metadata!.uid!, 'main', ['cat', '/etc/resolv.conf'])).stdout).toBe(
        'nameserver 10.253.50.1\nsearch example.test\noptions ndots:1\n',
      );
    }, 60_000);
  },
);
