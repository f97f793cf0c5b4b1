// What changed between two rule sets, pure: the watch loop logs one line per entry after a sync that
// applied it, and nothing when a sync (a resync, a retry, an unrelated field) changed no rule.
import type { ServicePortInfo } from './service-ports';

export type RuleChange =
  | { kind: 'added'; port: ServicePortInfo }
  | { kind: 'removed'; port: ServicePortInfo }
  /** The address, port, protocol, node port or affinity changed. */
  | { kind: 'changed'; before: ServicePortInfo; port: ServicePortInfo }
  | { kind: 'endpoints'; before: ServicePortInfo; port: ServicePortInfo };

const frontend = (p: ServicePortInfo) =>
  `${p.protocol} ${p.clusterIP}:${p.port} nodePort=${p.nodePort ?? '-'} affinity=${p.affinityTimeoutSeconds ?? '-'}`;

/** The changes from before to after, in name order; [] when they serve the same rules. */
export function ruleChanges(
  before: readonly ServicePortInfo[],
  after: readonly ServicePortInfo[],
): RuleChange[] {
  const old = new Map(before.map((p) => [p.name, p]));
  const changes: RuleChange[] = [];
  for (const port of after) {
    const prev = old.get(port.name);
    old.delete(port.name);
    if (!prev) changes.push({ kind: 'added', port });
    else if (frontend(prev) !== frontend(port)) changes.push({ kind: 'changed', before: prev, port });
    else if (prev.endpoints.join(',') !== port.endpoints.join(','))
      changes.push({ kind: 'endpoints', before: prev, port });
  }
  for (const port of old.values()) changes.push({ kind: 'removed', port });
  return changes.sort((a, b) => (a.port.name < b.port.name ? -1 : a.port.name > b.port.name ? 1 : 0));
}

/** The log message and fields of one change: one line a person can read without the object dumps. */
export function describeChange(c: RuleChange): { msg: string; fields: Record<string, unknown> } {
  const p = c.port;
  const where = { service: p.name, protocol: p.protocol, clusterIP: p.clusterIP, port: p.port };
  const node = p.nodePort ? { nodePort: p.nodePort } : {};
  switch (c.kind) {
    case 'added':
      return { msg: 'service port added', fields: { ...where, ...node, endpoints: p.endpoints } };
    case 'removed':
      return { msg: 'service port removed', fields: where };
    case 'changed':
      return {
        msg: 'service port changed',
        fields: { ...where, ...node, was: frontend(c.before), endpoints: p.endpoints },
      };
    case 'endpoints':
      return {
        msg: 'endpoints changed',
        fields: { ...where, endpoints: p.endpoints, was: c.before.endpoints },
      };
  }
}
