// Summarises a V8 .cpuprofile (from a server run with K8TS_BENCH_CPU_PROF=<dir>): self time by function and
// by file, the top entries of each, so a hot spot can be named precisely.
//   npx tsx bench/apiserver/cpu-profile.ts <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time in ms per function ("name file:line") and per file, from the sample stream. */
export function selfTimes(profile: Profile): {
  byFunction: Map<string, number>;
  byFile: Map<string, number>;
} {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    const file = url ? shorten(url) : '(native)';
    add(byFunction, `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`, ms);
    add(byFile, file, ms);
  });
  return { byFunction, byFile };
}

function shorten(url: string): string {
  const p = url.replace(/^file:\/\//, '');
  const nm = p.lastIndexOf('node_modules/');
  return nm >= 0 ? p.slice(nm) : path.relative(process.cwd(), p);
}

function top(m: Map<string, number>, n: number, total: number): string[] {
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${v.toFixed(0).padStart(8)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const [file, n = '25'] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [top]');
  const { byFunction, byFile } = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const total = [...byFile.values()].reduce((a, b) => a + b, 0);
  console.log(`total ${total.toFixed(0)} ms\n-- self time by function`);
  console.log(top(byFunction, Number(n), total).join('\n'));
  console.log('-- self time by file');
  console.log(top(byFile, Number(n), total).join('\n'));
}
