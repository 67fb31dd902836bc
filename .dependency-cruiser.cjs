/**
 * The layering rules `npm test` checks (npm run check:layers): every folder of src/ imports
 * only from the layers below it, and nothing imports in a cycle, type imports included.
 * Lowest first; folders on one line are siblings that must not import each other.
 */
const LAYERS = [
  ['errors'], // src/errors.ts: the error vocabulary every layer shares
  ['sys'], // the only code that knows a C ABI or loads koffi
  ['raster'],
  ['draw'],
  ['codecs'],
  ['text'], // outline fonts: opentype.js behind draw/'s OutlineFace, system font lookup
  ['memmap'],
  ['mmio'],
  ['display'],
  ['input'], // evdev devices, hotplug, geometry, keymaps, uinput
  ['present'],
  ['console'],
  ['splash', 'demo', 'testing'],
  ['cli'],
  ['index'], // src/index.ts: the public API
];

const path = (name) => (name === 'errors' || name === 'index' ? `^src/${name}\\.ts$` : `^src/${name}/`);
const above = (i) => LAYERS.slice(i + 1).flat().map(path);

const layerRules = LAYERS.flatMap((names, i) =>
  names
    .map((name) => ({ name, forbidden: [...above(i), ...names.filter((n) => n !== name).map(path)] }))
    .filter(({ forbidden }) => forbidden.length > 0)
    .map(({ name, forbidden }) => ({
      name: `layer-${name}`,
      comment: `src/${name} may import only from the layers below it: ${LAYERS.slice(0, i).flat().join(', ') || 'nothing'}`,
      severity: 'error',
      from: { path: path(name) },
      to: { path: forbidden },
    })),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import cycle (type-only imports count too)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'cli-never-the-os-seam',
      comment: 'the CLI reaches the device through display/, mmio/ and memmap/, never through sys/',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/sys/' },
    },
    {
      name: 'koffi-only-in-sys',
      comment: 'koffi is loaded lazily by src/sys/libc.ts alone',
      severity: 'error',
      from: { pathNot: '^src/sys/libc\\.ts$' },
      to: { path: 'node_modules/koffi' },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    exclude: { path: '^(test|bench|examples|dist)/' },
  },
};
