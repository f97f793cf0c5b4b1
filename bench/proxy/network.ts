// The proxy benchmark's network, all inside namespaces it creates (`k8tsbp-<rand>-*`, addresses in
// 10.248.0.0/16): a "node" namespace with a bridge and no default route (as in a multi-node cluster), and a
// client pod and a server pod namespace joined to the bridge by veths. Nothing touches the host's links,
// routes or rules; deleting the three namespaces removes every link, route, rule and conntrack entry.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const GATEWAY = '10.248.1.1';
export const CLIENT_IP = '10.248.1.2';
export const SERVER_IP = '10.248.1.3';
export const POD_CIDR = '10.248.1.0/24';
export const SERVICE_CIDR = '10.248.200.0/24';
export const CLUSTER_IP = '10.248.200.10';
/** The server pod's ports; the service maps port 80 to HTTP_PORT and SINK_PORT to itself. */
export const HTTP_PORT = 8080;
export const SINK_PORT = 5001;
export const SERVICE_HTTP_PORT = 80;

export interface BenchNetwork {
  readonly node: string;
  readonly client: string;
  readonly server: string;
  /** Deletes the namespaces (and with them everything in them); safe to call twice. */
  destroy(): Promise<void>;
}

const sh = (...args: string[]) => exec(args[0]!, args.slice(1));

/**
 * Per-namespace TCP settings for a run of tens of thousands of short connections: reuse TIME_WAIT ports for
 * new outgoing connections, and a wide port range, so neither the client nor the userspace proxy runs out.
 */
async function tuneTcp(ns: string): Promise<void> {
  await sh(
    'ip',
    'netns',
    'exec',
    ns,
    'sysctl',
    '-q',
    '-w',
    'net.ipv4.tcp_tw_reuse=1',
    'net.ipv4.ip_local_port_range=1024 65000',
  );
}

export async function createNetwork(): Promise<BenchNetwork> {
  const id = randomBytes(3).toString('hex');
  const names = { node: `k8tsbp-${id}-node`, client: `k8tsbp-${id}-client`, server: `k8tsbp-${id}-server` };
  const created: string[] = [];
  const destroy = async () => {
    for (const ns of created.splice(0).reverse()) await sh('ip', 'netns', 'del', ns).catch(() => {});
  };
  try {
    const inNode = (...args: string[]) => sh('ip', 'netns', 'exec', names.node, ...args);
    await sh('ip', 'netns', 'add', names.node);
    created.push(names.node);
    await inNode('ip', 'link', 'set', 'lo', 'up');
    await inNode('ip', 'link', 'add', 'br0', 'type', 'bridge');
    await inNode('ip', 'addr', 'add', `${GATEWAY}/24`, 'dev', 'br0');
    await inNode('ip', 'link', 'set', 'br0', 'up');
    await tuneTcp(names.node);
    for (const [ns, ip, veth] of [
      [names.client, CLIENT_IP, 'vclient'],
      [names.server, SERVER_IP, 'vserver'],
    ] as const) {
      await sh('ip', 'netns', 'add', ns);
      created.push(ns);
      await inNode('ip', 'link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
      await inNode('ip', 'link', 'set', veth, 'master', 'br0', 'up');
      const inPod = (...args: string[]) => sh('ip', 'netns', 'exec', ns, ...args);
      await inPod('ip', 'link', 'set', 'lo', 'up');
      await inPod('ip', 'addr', 'add', `${ip}/24`, 'dev', 'eth0');
      await inPod('ip', 'link', 'set', 'eth0', 'up');
      await inPod('ip', 'route', 'add', 'default', 'via', GATEWAY);
      await tuneTcp(ns);
    }
  } catch (err) {
    await destroy();
    throw err;
  }
  return { ...names, destroy };
}
