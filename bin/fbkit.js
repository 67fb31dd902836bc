#!/usr/bin/env node
// The CLI lives in TypeScript; `npm install` builds it into dist/ (the prepare script).
import('../dist/src/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli')) {
    console.error('fbkit: not built yet; run `npm install` (or `npm run build`) in the package first');
    process.exit(1);
  }
  throw err;
});
