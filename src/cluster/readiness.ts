// What `up` polls: the apiserver's /healthz and each node's Ready condition, through the plain HTTP API.
export async function healthy(server: string): Promise<boolean> {
  try {
    const res = await fetch(`${server}/healthz`, { signal: AbortSignal.timeout(2000) });
    return res.ok && (await res.text()).trim() === 'ok';
  } catch {
    return false;
  }
}

interface NodeCondition {
  type?: string;
  status?: string;
  lastHeartbeatTime?: string;
}

/** The node's Ready condition status (True/False/Unknown), or why there is none yet. With `since`, a Ready
 * condition counts only when a kubelet heartbeat came after it (a restarted kubelet must have reported). */
export async function nodeReady(server: string, name: string, since = 0): Promise<string> {
  try {
    const res = await fetch(`${server}/api/v1/nodes/${encodeURIComponent(name)}`, {
      signal: AbortSignal.timeout(2000),
    });
    if (res.status === 404) return 'not registered';
    const node = (await res.json()) as { status?: { conditions?: NodeCondition[] } };
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready?.status) return 'no Ready condition';
    // Heartbeats have one-second precision.
    if (since && Date.parse(ready.lastHeartbeatTime ?? '') < since - 1000) return 'waiting for a heartbeat';
    return ready.status;
  } catch {
    return 'apiserver unreachable';
  }
}
