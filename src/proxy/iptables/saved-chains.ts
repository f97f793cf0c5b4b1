// Reads `iptables-save` output for the chains this proxier owns, per table, so a sync can delete the chains
// of services that went away, even ones a previous run of the proxy left behind.
import type { ChainNames } from './chain-names';
import type { StaleChains } from './render-rules';

export function savedChains(saved: string, names: ChainNames): StaleChains {
  const found: { filter: string[]; nat: string[] } = { filter: [], nat: [] };
  let table: string | undefined;
  for (const line of saved.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1).trim();
    const m = /^:(\S+)\s/.exec(line);
    if (m && (table === 'filter' || table === 'nat') && names.owns(m[1]!)) found[table].push(m[1]!);
  }
  return found;
}
