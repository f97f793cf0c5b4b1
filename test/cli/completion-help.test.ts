// Shell completion (the script bash really runs) and --help on every verb.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_VERBS } from '../../src/cli/ctl/completion';
import { runCli } from './harness';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'k8ts-completion-'));
  writeFileSync(path.join(dir, 'completion.bash'), (await runCli(['completion', 'bash'])).stdout);
  // A stand-in `k8ts` on PATH, answering `get TYPE -o name` the way the real one does.
  writeFileSync(
    path.join(dir, 'k8ts'),
    '#!/bin/sh\ncase "$1 $2 $3 $4" in\n  "get pods -o name") printf "pod/web-1\\npod/web-2\\n" ;;\n  "get namespaces -o name") printf "namespace/default\\nnamespace/kube-system\\n" ;;\nesac\n',
    { mode: 0o755 },
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What bash offers after the words typed so far (the last one being completed). */
function complete(...words: string[]): string[] {
  const script = `source completion.bash; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _k8ts; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', script], {
    cwd: dir,
    env: { PATH: `${dir}:/usr/bin:/bin`, HOME: dir },
  }).toString();
  return out.split('\n').filter((l) => l);
}

describe('k8ts completion bash', () => {
  it('completes verbs, types, kubecfg subcommands and flags', () => {
    expect(complete('k8ts', 'ge')).toEqual(['get']);
    expect(complete('k8ts', 'get', 'rep')).toEqual(['replicationcontrollers', 'replicationcontroller']);
    expect(complete('k8ts', 'kubecfg', 'ro')).toEqual(['rollingupdate']);
    expect(complete('k8ts', 'get', 'pods', '--wa')).toEqual(['--watch']);
  });

  it('completes object names from the cluster', () => {
    expect(complete('k8ts', 'logs', 'web-')).toEqual(['web-1', 'web-2']);
    expect(complete('k8ts', 'describe', 'pods', 'web-2')).toEqual(['web-2']);
    expect(complete('k8ts', 'get', 'pods', '-n', 'ku')).toEqual(['kube-system']);
  });

  it('refuses other shells', async () => {
    expect(await runCli(['completion', 'fish'])).toMatchObject({
      code: 1,
      stderr: 'error: unsupported shell type "fish": only bash is supported\n',
    });
  });
});

describe('--help', () => {
  it.each(CLI_VERBS)('%s --help shows usage and exits 0', async (verb) => {
    const r = await runCli([verb, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: k8ts ${verb} `));
  });

  it('kubecfg subcommands have help too', async () => {
    const r = await runCli(['kubecfg', 'rollingupdate', '--help']);
    expect(r.stdout).toMatch(/--update-period <duration>/);
  });
});
