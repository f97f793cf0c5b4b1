// The dashboard's files over HTTP under /ui/: `/ui` redirects to `/ui/`; files of the built app are served
// with their content type; hashed assets are cached for a year, index.html is revalidated every time (so a
// rebuilt dashboard is picked up on reload); any other path under /ui/ gets index.html (the app routes
// itself). It is plain node:http, mounted by the apiserver after its auth gate, so the page and its API calls
// are authenticated alike. Nothing here reaches the cluster.
import { createReadStream, promises as fs, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { dashboardDistDir } from './paths';

export const UI_PREFIX = '/ui';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** True for the paths the dashboard answers: /ui and everything under /ui/. */
export function isDashboardPath(urlPath: string): boolean {
  return urlPath === UI_PREFIX || urlPath.startsWith(`${UI_PREFIX}/`);
}

function sendPlain(res: ServerResponse, code: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(`${text}\n`);
}

async function statFile(file: string): Promise<Stats | undefined> {
  try {
    const st = await fs.stat(file);
    return st.isFile() ? st : undefined;
  } catch {
    return undefined;
  }
}

/** The file under root that `rel` names, or undefined when it escapes root or is not a file. */
async function resolveFile(root: string, rel: string): Promise<{ file: string; stat: Stats } | undefined> {
  const file = path.resolve(root, `.${path.posix.normalize(`/${rel}`)}`);
  if (file !== root && !file.startsWith(`${root}${path.sep}`)) return undefined;
  const stat = await statFile(file);
  return stat && { file, stat };
}

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Serves the built dashboard in `root` (default: the build output of ./build). */
export function createDashboardHandler(root: string = dashboardDistDir()): StaticHandler {
  const base = path.resolve(root);
  return async (req, res) => {
    const raw = req.url ?? '/';
    const qi = raw.indexOf('?');
    const urlPath = qi < 0 ? raw : raw.slice(0, qi);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendPlain(res, 405, `${req.method} is not allowed on ${urlPath}`, { Allow: 'GET, HEAD' });
    if (urlPath === UI_PREFIX)
      return sendPlain(res, 301, `Moved to ${UI_PREFIX}/`, {
        Location: `${UI_PREFIX}/${qi < 0 ? '' : raw.slice(qi)}`,
      });
    let rel: string;
    try {
      rel = decodeURIComponent(urlPath.slice(UI_PREFIX.length + 1));
    } catch {
      return sendPlain(res, 400, `malformed path ${urlPath}`);
    }
    const index = await resolveFile(base, 'index.html');
    if (!index)
      return sendPlain(
        res,
        503,
        'the dashboard is not built: run `node_modules/.bin/tsx scripts/build-ui.ts` in the k8ts tree',
      );
    let found = rel === '' ? index : await resolveFile(base, rel);
    // A missing asset is a 404 (never HTML served as JavaScript); any other unknown path is an app route.
    if (!found && rel.startsWith('assets/')) return sendPlain(res, 404, `${urlPath} not found`);
    found ??= index;
    const ext = path.extname(found.file);
    const etag = `"${found.stat.size.toString(16)}-${Math.floor(found.stat.mtimeMs).toString(16)}"`;
    const headers: Record<string, string> = {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      'Cache-Control': rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return void res.end();
    }
    res.writeHead(200, { ...headers, 'Content-Length': String(found.stat.size) });
    if (req.method === 'HEAD') return void res.end();
    await new Promise<void>((resolve) => {
      const stream = createReadStream(found.file);
      stream.on('error', () => {
        res.destroy();
        resolve();
      });
      stream.on('end', resolve);
      stream.pipe(res);
    });
  };
}

let shared: StaticHandler | undefined;

/** The apiserver's hook: answers a request for /ui or /ui/... from the default build output. */
export function serveDashboard(req: IncomingMessage, res: ServerResponse): Promise<void> {
  return (shared ??= createDashboardHandler())(req, res);
}
