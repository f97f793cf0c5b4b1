// KubeletHttpSource: the seed's fourth source, "the kubelet can also listen for HTTP ... to submit a new
// manifest". Not a server itself: the kubelet's server (which also serves logs, exec and /healthz) offers each
// request to handle() first. The API:
//   POST   /pods            body: one manifest or v1 Pod, YAML or JSON → 201 with the static pod it became
//                           (200 if it replaced a pod of the same name); 400/422 Status if it cannot be used
//   GET    /pods            → a v1 PodList of the pods posted here
//   DELETE /pods/<ns>/<name> → 200 with the pod removed; 404 Status if there is none. <name> may be the
//                           static pod's name or the manifest's own (without the node suffix).
// Posted pods live in memory: they end with the kubelet process, as in 2014.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, StatusError } from '../../api/errors';
import type { Pod, PodList } from '../../api/types';
import { asStatusError, staticPodsFrom } from './manifests';
import { podFullName } from './static-pod';
import type { PodSource, SourceError, SourceUpdate } from './types';

/** Posted bodies larger than this are refused with 413, as the apiserver refuses them. */
const MAX_BODY_BYTES = 3 * 1024 * 1024;
const ORIGIN = 'POST /pods';

export class KubeletHttpSource implements PodSource {
  readonly name = 'server';
  /** By full name (`<namespace>/<name>`), in the order posted. */
  private readonly pods = new Map<string, Pod>();
  private emit: ((update: SourceUpdate) => void) | undefined;

  constructor(private readonly options: { nodeName: string }) {}

  start(emit: (update: SourceUpdate) => void): void {
    this.emit = emit;
    this.publish();
  }

  stop(): Promise<void> {
    this.emit = undefined;
    return Promise.resolve();
  }

  /** Serves the request and returns true if it is one of ours; false leaves it to the caller. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const path = new URL(req.url ?? '/', 'http://kubelet').pathname;
    if (path === '/pods' || path === '/pods/') {
      if (req.method === 'POST') void this.post(req, res);
      else if (req.method === 'GET' || req.method === 'HEAD') send(res, 200, this.list());
      else send(res, 405, errors.methodNotAllowed(`${req.method} is not supported on /pods`).toStatus());
      return true;
    }
    const m = /^\/pods\/([^/]+)\/([^/]+)$/.exec(path);
    if (!m) return false;
    if (req.method !== 'DELETE') {
      send(res, 405, errors.methodNotAllowed(`${req.method} is not supported on ${path}`).toStatus());
      return true;
    }
    const removed = this.remove(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
    if (removed instanceof StatusError) send(res, removed.code, removed.toStatus());
    else send(res, 200, removed);
    return true;
  }

  /** The pods posted here, as GET /pods lists them. */
  list(): PodList {
    return { apiVersion: 'v1', kind: 'PodList', metadata: {}, items: [...this.pods.values()] };
  }

  private async post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const pods = staticPodsFrom(await readBody(req), ORIGIN, this.name, this.options.nodeName);
      if (pods.length !== 1)
        throw errors.badRequest(`${ORIGIN}: expected one manifest or pod, got ${pods.length}`);
      const pod = pods[0]!;
      const replaced = this.pods.delete(podFullName(pod));
      this.pods.set(podFullName(pod), pod);
      this.publish();
      send(res, replaced ? 200 : 201, pod);
    } catch (e) {
      const err = asStatusError(e, ORIGIN);
      this.publish([{ source: this.name, origin: ORIGIN, error: err }]); // so the kubelet logs it and records an event
      send(res, err.code, err.toStatus());
    }
  }

  private remove(namespace: string, name: string): Pod | StatusError {
    const key = [`${namespace}/${name}`, `${namespace}/${name}-${this.options.nodeName}`].find((k) =>
      this.pods.has(k),
    );
    if (!key) return errors.notFound('pods', name);
    const pod = this.pods.get(key)!;
    this.pods.delete(key);
    this.publish();
    return pod;
  }

  private publish(errs: SourceError[] = []): void {
    this.emit?.({ source: this.name, pods: [...this.pods.values()], errors: errs });
  }
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw errors.tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
