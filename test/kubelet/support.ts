// Shared by the kubelet specs that need real Docker: our own dockerd in a temp root, the local images, and a
// test bridge with its own name and range (never cbr0 or 10.244) — and their removal, which always runs all of
// its steps, so a failed test leaves no container, link or daemon behind. Runs only as root.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { ensureImages } from '../../src/kubelet/images';
import { BridgeNetworkPlugin } from '../../src/kubelet/network';
import { LABEL_MANAGED, startDockerd, type DockerdHandle } from '../../src/kubelet/runtime';

export const canRunDocker =
  process.getuid?.() === 0 && existsSync('/usr/sbin/dockerd') && existsSync('/bin/busybox');

export interface DockerNode {
  root: string;
  dockerd: DockerdHandle;
  docker: Docker;
  network: BridgeNetworkPlugin;
}

/** Starts dockerd under a fresh temp dir named `<prefix>…`, builds the images, creates the bridge. */
export async function startDockerNode(opts: {
  prefix: string;
  bridge: string;
  cidr: string;
  vethPrefix: string;
}): Promise<DockerNode> {
  const root = mkdtempSync(`/tmp/${opts.prefix}`);
  const node: Partial<DockerNode> = { root };
  try {
    node.dockerd = await startDockerd({ root: path.join(root, 'docker') });
    node.docker = new Docker({ socketPath: node.dockerd.socket });
    await ensureImages(node.docker);
    node.network = new BridgeNetworkPlugin({
      bridge: opts.bridge,
      cidr: opts.cidr,
      vethPrefix: opts.vethPrefix,
    });
    await node.network.init();
    return node as DockerNode;
  } catch (err) {
    await stopDockerNode(node);
    throw err;
  }
}

/** Removes every k8ts-managed container, the bridge, the daemon (by PID) and the temp dir. Safe on a partial node. */
export async function stopDockerNode(node: Partial<DockerNode> | undefined): Promise<void> {
  if (!node) return;
  try {
    if (node.docker) {
      const left = await node.docker.listContainers({
        all: true,
        filters: { label: [`${LABEL_MANAGED}=true`] },
      });
      await Promise.all(left.map((c) => node.docker!.getContainer(c.Id).remove({ force: true })));
    }
    await node.network?.destroy();
  } finally {
    await node.dockerd?.stop();
    if (node.root) rmSync(node.root, { recursive: true, force: true });
  }
}

/** Polls fn (errors count as "not yet") every 100 ms until it answers something, or fails after ms. */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
