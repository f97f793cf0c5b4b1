// Runtime errors, as values the kubelet turns into container status reasons and events.
import { StatusError } from '../../api/errors';

/** The image is not on this node. k8ts never pulls (no registry is reachable), so this never hangs. */
export class ErrImagePull extends Error {
  readonly reason = 'ErrImagePull';
  constructor(
    readonly image: string,
    readonly container: string,
  ) {
    super(
      `Failed to pull image "${image}": image not present on this node and k8ts does not pull from registries; ` +
        `build or load it into the node's dockerd (k8ts builds busybox and pause itself)`,
    );
    this.name = 'ErrImagePull';
  }
}

export function containerNotFound(podUid: string, container: string, previous = false): StatusError {
  const what = previous ? `previous terminated container "${container}"` : `container "${container}"`;
  return new StatusError(404, 'NotFound', `${what} in pod with UID ${podUid} not found`, {
    name: container,
    kind: 'containers',
  });
}

/**
 * Attach joins a running process; it never starts one. A 400 (the request cannot be served as sent), so kubectl
 * shows the message instead of retrying.
 */
export function containerNotRunning(container: string, state: string): StatusError {
  return new StatusError(
    400,
    'BadRequest',
    `cannot attach to container "${container}": it is not running (state: ${state})`,
    { name: container, kind: 'containers' },
  );
}

/** Docker answers 409 to exec in a stopped container; say it the way Kubernetes does. */
export function translateExecError(err: unknown, container: string): unknown {
  if ((err as { statusCode?: number }).statusCode !== 409) return err;
  return new StatusError(
    500,
    'InternalError',
    `Internal error occurred: error executing command in container: container "${container}" is not running`,
  );
}
