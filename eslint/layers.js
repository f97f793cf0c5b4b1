// ESLint rule `k8ts/layers`: the import arrows of DESIGN.md §7.
// A file under src/<layer>/ may import only from the layers listed for it below.
// Resolution is by path, so `../storage`, `../../storage/sqlite` and `src/storage` are all caught.
import path from 'node:path';

/** For each top-level folder of src/, the folders it may import from (besides itself). */
export const ALLOWED = {
  util: [],
  labels: ['util'],
  watch: ['util'],
  api: ['util', 'labels', 'watch'],
  storage: ['util', 'labels', 'watch', 'api'],
  registry: ['util', 'labels', 'watch', 'api', 'storage'],
  // The apiserver also serves the dashboard's built files (src/dashboard/static-files.ts, no cluster logic).
  apiserver: ['util', 'labels', 'watch', 'api', 'storage', 'registry', 'client', 'dashboard'],
  client: ['util', 'labels', 'watch', 'api'],
  scheduler: ['util', 'labels', 'watch', 'api', 'client'],
  controllers: ['util', 'labels', 'watch', 'api', 'client'],
  kubelet: ['util', 'labels', 'watch', 'api', 'client'],
  proxy: ['util', 'labels', 'watch', 'api', 'client'],
  dashboard: ['util', 'labels', 'watch', 'api', 'client'],
  // Cluster DNS (an add-on in Kubernetes): a client of the API like the proxy.
  dns: ['util', 'labels', 'watch', 'api', 'client'],
  // The process shells: they wire components together but never reach storage themselves.
  cluster: [
    'util',
    'labels',
    'watch',
    'api',
    'client',
    'apiserver',
    'scheduler',
    'controllers',
    'kubelet',
    'proxy',
    'dashboard',
    'dns',
  ],
  cli: [
    'util',
    'labels',
    'watch',
    'api',
    'client',
    'apiserver',
    'scheduler',
    'controllers',
    'kubelet',
    'proxy',
    'dashboard',
    'dns',
    'cluster',
  ],
};

function layerOf(file, srcRoot) {
  const rel = path.relative(srcRoot, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep)[0];
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'enforce the one-way import arrows between src/ layers (DESIGN.md §7)' },
    schema: [],
    messages: {
      forbidden:
        'src/{{from}} may not import src/{{to}}: the arrows of DESIGN.md §7 allow {{from}} → {{allowed}}. Go through src/client (or move the code down a layer).',
    },
  },
  create(context) {
    const file = context.filename;
    const srcRoot = path.join(context.cwd, 'src');
    const from = layerOf(file, srcRoot);
    if (!from || !(from in ALLOWED)) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      let target;
      if (spec.startsWith('.')) target = path.resolve(path.dirname(file), spec);
      else if (spec.startsWith('src/')) target = path.join(context.cwd, spec);
      else return;
      const to = layerOf(target, srcRoot);
      if (!to || to === from || !(to in ALLOWED)) return;
      if (!ALLOWED[from].includes(to)) {
        context.report({
          node,
          messageId: 'forbidden',
          data: { from, to, allowed: ALLOWED[from].join(', ') || '(nothing)' },
        });
      }
    };
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportAllDeclaration: (n) => n.source && check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
    };
  },
};
