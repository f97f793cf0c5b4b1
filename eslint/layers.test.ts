// The layering rule fails the build when a component reaches past src/client into storage or registry.
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { layersRule } from './layers.js';

const root = path.resolve(import.meta.dirname, '..');

function lint(file: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat', cwd: root });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser as Linter.Parser },
        plugins: { k8ts: { rules: { layers: layersRule } } },
        rules: { 'k8ts/layers': 'error' },
      },
    ],
    path.join(root, file),
  );
  return messages.map((m) => m.message);
}

describe('k8ts/layers', () => {
  it.each([
    ['src/kubelet/kubelet.ts', "import { openStore } from '../storage';"],
    ['src/scheduler/x.ts', "import { createRegistry } from '../registry/create-registry';"],
    ['src/controllers/gc/x.ts', "export * from '../../storage/sqlite';"],
    ['src/client/x.ts', "const m = await import('../apiserver');"],
    ['src/api/x.ts', "import { KubeClient } from '../client';"],
    ['src/cli/x.ts', "import { openStore } from '../storage';"],
  ])('rejects %s importing across the arrows', (file, code) => {
    const messages = lint(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^src\/\w+ may not import src\/\w+: the arrows of DESIGN\.md §7 allow/);
  });

  it.each([
    ['src/registry/x.ts', "import { openStore } from '../storage';"],
    ['src/apiserver/x.ts', "import { createRegistry } from '../registry';"],
    ['src/kubelet/x.ts', "import { KubeClient } from '../client';"],
    ['src/cli/x.ts', "import { startApiServer } from '../apiserver';"],
    ['src/labels/x.ts', "import { Clock } from '../util';"],
    ['src/kubelet/runtime/x.ts', "import { FakeRuntime } from './fake';"],
  ])('allows %s to import along the arrows', (file, code) => {
    expect(lint(file, code)).toEqual([]);
  });
});
