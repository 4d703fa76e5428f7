// Preloaded with `node --import`: reports every module file the program loads on stderr
// (TRACE-LOADED and its file: URL), chunks of the bundle included, so a test can tell which
// source files a command loaded (test/helpers/loaded-sources.ts).
import { register } from 'node:module';

const hooks = `
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url.startsWith('file:')) console.error('TRACE-LOADED ' + r.url);
  return r;
}`;
register('data:text/javascript,' + encodeURIComponent(hooks));
