// The benchmark runner: `npm run bench [name...]` runs the named benchmarks (default: all) one after another
// and prints each one's table. A benchmark is any bench/*.ts module (other than this one) that exports
// `benchmark: Benchmark` (bench/support/table.ts); adding a file is all it takes to add one.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatTable, type Benchmark } from './support/table';

const here = path.dirname(fileURLToPath(import.meta.url));

async function discover(): Promise<Benchmark[]> {
  const files = readdirSync(here).filter(
    (f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.test.ts'),
  );
  const found: Benchmark[] = [];
  for (const file of files.sort()) {
    const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { benchmark?: Benchmark };
    if (mod.benchmark) found.push(mod.benchmark);
  }
  return found;
}

async function main(names: string[]): Promise<number> {
  const all = await discover();
  const unknown = names.filter((n) => !all.some((b) => b.name === n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(', ')} (have: ${all.map((b) => b.name).join(', ')})`);
    return 2;
  }
  const selected = names.length > 0 ? all.filter((b) => names.includes(b.name)) : all;
  for (const b of selected) {
    console.log(`==> ${b.name}: ${b.description}`);
    const started = Date.now();
    console.log(formatTable(await b.run()));
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
