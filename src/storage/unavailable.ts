/**
 * What browser bundles get in place of `./node.js`: package.json's `browser`
 * field maps one to the other, so a bundler building for the browser never
 * has to resolve `node:fs` or `node:path` (the dynamic import in `open()`
 * would otherwise pull them into the bundle's graph: rolldown, Vite's
 * bundler, warns that it cannot resolve them and leaves them external, and
 * esbuild building for the browser reports them as errors).
 *
 * Loading this module fails, so `open({ path })` rejects with the message it
 * gives when a runtime has no node:fs; this error becomes its `cause`.
 */
throw new Error('flashkv: this is a browser build, which has no file storage (package.json maps storage/node.js here)');

export {};
