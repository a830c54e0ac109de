/**
 * What browser bundles get in place of `./node.js`: package.json's `browser`
 * field maps one to the other, so a bundler building for the browser never
 * has to resolve `node:fs` or `node:path` (the dynamic import in `open()`
 * would otherwise pull them into the bundle's graph: rolldown, Vite's
 * bundler, warns that it cannot resolve them and leaves them external, and
 * esbuild building for the browser reports them as errors).
 *
 * A browser keeps files in OPFS (`./opfs.ts`), which `open()` tries first;
 * it reaches this module only where OPFS is missing (a page's main thread).
 * Loading it fails, so `open({ path })` rejects as it does wherever it finds
 * no files (on a page: "use a worker"), with this error as the `cause`.
 */
throw new Error("flashkv: a browser build has no node:fs (package.json's browser field maps storage/node.js to this module)");

export {};
