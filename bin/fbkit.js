#!/usr/bin/env node
// The CLI lives in TypeScript; `npm install` builds it into dist/ (the prepare script), and
// bundles it into dist/cli/main.cjs with a V8 code cache beside it (scripts/bundle-cli.mjs:
// one file to load, nothing to parse or compile again, a quicker start; ./cli-bundle.js
// loads it). Without the bundle (a plain tsc build) the unbundled dist/src/cli/main.js runs.
// main() reports every failure of a command itself; what is left here is the CLI failing to
// load, said in one line like every other failure.
//
// This file and cli-bundle.js are CommonJS (bin/package.json): an ES module as the entry
// point has node set up its ES module loader (reading files through fs/promises and the
// libuv threadpool), some 6 ms of CPU that the bundle, CommonJS itself, never needs.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli', 'main.cjs');
(existsSync(bundle)
  ? Promise.resolve().then(() => require('./cli-bundle.js').loadBundle(bundle).exports)
  : import('../dist/src/cli/main.js')
)
  .then((m) => m.main(process.argv))
  .catch((err) => {
    if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli')) {
      console.error('fbkit: the CLI is not built (hint: run `npm install` or `npm run build` in the package)');
    } else {
      console.error(`fbkit: internal error: cannot load the CLI: ${String(err?.message ?? err).replace(/\s*\n\s*/g, ' ')}`);
      if (process.env.FBKIT_DEBUG === '1' && err?.stack) console.error(err.stack);
    }
    process.exit(1);
  });
