// What the host says about itself for the Node object: capacity (CPUs, memory in Ki, and the pod limit) and
// the OS facts of nodeInfo. Read once at kubelet start; flags may override the capacity.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Capacity {
  cpu: string;
  memory: string;
  pods: string;
}

/** Kubernetes' default --max-pods. */
export const DEFAULT_MAX_PODS = 110;

export function hostCapacity(): Capacity {
  return {
    cpu: String(os.cpus().length || 1),
    memory: `${Math.floor(os.totalmem() / 1024)}Ki`,
    pods: String(DEFAULT_MAX_PODS),
  };
}

function osImage(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (m?.[1]) return m[1];
  } catch {
    // no os-release: fall through
  }
  return `${os.type()} ${os.release()}`;
}

export function hostFacts(): { osImage: string; kernelVersion: string; architecture: string } {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return { osImage: osImage(), kernelVersion: os.release(), architecture: arch };
}
