// Serves the browser example on http://localhost:8080: the page, the built
// package (dist/) and the AssemblyScript loader. It resolves dist/'s one bare
// import (@assemblyscript/loader) to its file, as a bundler (Vite, webpack,
// esbuild) does for an app; module workers cannot use a page's import map.
//
//   npm run build && node examples/browser/serve.mjs
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url)).slice(ROOT.length);
const PORT = Number(process.env.PORT ?? 8080);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

createServer((request, response) => {
  let path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).slice(1);
  if (path === '') path = `${HERE}index.html`;
  const file = join(ROOT, path);
  const allowed = ['dist/', HERE, 'node_modules/@assemblyscript/loader/'].some((folder) => path.startsWith(folder)) && !path.includes('..');
  if (!allowed || !statSync(file, { throwIfNoEntry: false })?.isFile()) return response.writeHead(404).end('not found');
  let body = readFileSync(file);
  if (path.startsWith('dist/')) body = body.toString('utf8').replaceAll("from '@assemblyscript/loader'", "from '/node_modules/@assemblyscript/loader/index.js'");
  response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  response.end(body);
}).listen(PORT, () => console.log(`flashkv browser example: http://localhost:${PORT}/`));
