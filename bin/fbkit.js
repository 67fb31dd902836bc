#!/usr/bin/env node
// The CLI lives in TypeScript; `npm install` builds it into dist/ (the prepare script), and
// bundles it into dist/cli/ (scripts/bundle-cli.mjs: fewer modules to load, a quicker
// start). Without the bundle (a plain tsc build) the unbundled dist/src/cli/main.js runs.
// main() reports every failure of a command itself; what is left here is the CLI failing to
// load, said in one line like every other failure.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/main.js', import.meta.url);
import(existsSync(bundle) ? bundle.href : '../dist/src/cli/main.js')
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
