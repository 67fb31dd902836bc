// Preload (node --import) that makes the native FFI unloadable, as on a platform koffi has no
// build for: both the ES module resolver and CommonJS require() refuse 'koffi'.
import Module, { register } from 'node:module';

const refuse = () =>
  Object.assign(new Error("Cannot find package 'koffi' (hidden by test/support/without-koffi.mjs)"), { code: 'ERR_MODULE_NOT_FOUND' });
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'koffi' || request.startsWith('koffi/') || request.includes('/node_modules/koffi/')) throw refuse();
  return resolveFilename.call(this, request, ...rest);
};
register(
  `data:text/javascript,${encodeURIComponent(`
    export async function resolve(specifier, context, next) {
      if (specifier === 'koffi' || specifier.startsWith('koffi/')) throw new Error("Cannot find package 'koffi'");
      return next(specifier, context);
    }`)}`,
);
