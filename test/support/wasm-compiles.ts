/**
 * A child-script prelude (for runChild) that counts WebAssembly compiles in `compiled`:
 * run before fbkit is imported, it wraps WebAssembly.Module, which fbkit's kernels use.
 */
export const COUNT_WASM_COMPILES = `
  let compiled = 0;
  const RealModule = WebAssembly.Module;
  WebAssembly.Module = function (bytes) { compiled++; return new RealModule(bytes); };
`;
