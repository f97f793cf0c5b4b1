// 403s worded as Kubernetes words them, so kubectl users see the familiar
// `nodes "n2" is forbidden: User "system:node:n1" cannot update resource "nodes" in API group "" at the cluster scope`.
import { StatusError } from '../../api/errors';
import type { Attributes } from './attributes';
import type { UserInfo } from './user';

/** The authorizer's refusal; `reason`, when given, is appended after a colon. */
export function forbidden(user: UserInfo, a: Attributes, reason?: string): StatusError {
  if (a.kind === 'nonResource') {
    const message = `forbidden: User "${user.name}" cannot ${a.verb} path "${a.path}"`;
    return new StatusError(403, 'Forbidden', reason ? `${message}: ${reason}` : message);
  }
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace !== undefined ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  const subject = a.name !== undefined ? `${a.resource} "${a.name}"` : a.resource;
  const group = a.group ?? '';
  let message = `${subject} is forbidden: User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${group}" ${scope}`;
  if (reason) message += `: ${reason}`;
  return new StatusError(403, 'Forbidden', message, { name: a.name, group, kind: a.resource });
}

/** An admission-style refusal about the object itself: `pods "x" is forbidden: node "n1" can only ...`. */
export function forbiddenObject(resource: string, name: string | undefined, why: string): StatusError {
  const subject = name ? `${resource} "${name}"` : resource;
  return new StatusError(403, 'Forbidden', `${subject} is forbidden: ${why}`, {
    name,
    group: '',
    kind: resource,
  });
}
