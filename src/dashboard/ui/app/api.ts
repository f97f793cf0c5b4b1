// The dashboard's writes and one-off reads, all through the HTTP API of the page's origin (the browser sends
// the same credentials as for the page). Failures come back as Errors worded from the API's Status message.

export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The Status message of a failed response, or its status line. */
export async function apiError(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`.trim();
  try {
    const text = await res.text();
    try {
      const body = JSON.parse(text) as { message?: string };
      if (body.message) message = body.message;
    } catch {
      if (text.trim()) message = text.trim();
    }
  } catch {
    // no body
  }
  return new ApiError(res.status, message);
}

async function call(method: string, url: string, body?: unknown, contentType = 'application/json') {
  const res = await fetch(url, {
    method,
    headers:
      body === undefined
        ? { Accept: 'application/json' }
        : { 'Content-Type': contentType, Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw await apiError(res);
  return res.json() as Promise<unknown>;
}

const seg = encodeURIComponent;

/** What `kubectl scale rc` does: a merge patch of the scale subresource's spec.replicas. */
export function scaleRc(namespace: string, name: string, replicas: number): Promise<unknown> {
  return call(
    'PATCH',
    `/api/v1/namespaces/${seg(namespace)}/replicationcontrollers/${seg(name)}/scale`,
    { spec: { replicas } },
    'application/merge-patch+json',
  );
}

export function deletePod(namespace: string, name: string): Promise<unknown> {
  return call('DELETE', `/api/v1/namespaces/${seg(namespace)}/pods/${seg(name)}`);
}

/** The collection path of the events about one object (by uid, in every namespace). */
export function eventsPath(uid: string): string {
  return `/api/v1/events?fieldSelector=${seg(`involvedObject.uid=${uid}`)}`;
}

/**
 * Streams a container's log (follow) into onText until the server ends it or signal aborts. Rejects with
 * the API's reason when the log cannot be read (no node, kubelet unreachable, container not started).
 */
export async function followLogs(
  namespace: string,
  pod: string,
  container: string | undefined,
  onText: (text: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const q = new URLSearchParams({ follow: 'true', tailLines: '1000' });
  if (container) q.set('container', container);
  const res = await fetch(`/api/v1/namespaces/${seg(namespace)}/pods/${seg(pod)}/log?${q}`, { signal });
  if (!res.ok || !res.body) throw await apiError(res);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      onText(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.releaseLock();
  }
}
