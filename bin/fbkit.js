#!/usr/bin/env node
// The CLI lives in TypeScript; `npm install` builds it into dist/ (the prepare script), and
// bundles it into dist/cli/main.cjs with a V8 code cache beside it (scripts/bundle-cli.mjs:
// one file to load, nothing to parse or compile again, a quicker start; ./cli-bundle.js
// loads it). Without the bundle (a plain tsc build) the unbundled dist/src/cli/main.js runs.
// main() reports every failure of a command itself; what is left here is the CLI failing to
// load, said in one line like every other failure.
import { createRequire } from 'node:module';

// Node's modules through require(): `import ... from 'node:fs'` has node build an ES module
// facade that reads every export of fs, which loads its streams (some 20 modules, 2 ms).
const require = createRequire(import.meta.url);
const { existsSync } = require('node:fs');
const bundle = require('node:url').fileURLToPath(new URL('../dist/cli/main.cjs', import.meta.url));
(existsSync(bundle) ? import('./cli-bundle.js').then(({ loadBundle }) => loadBundle(bundle).exports) : import('../dist/src/cli/main.js'))
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
