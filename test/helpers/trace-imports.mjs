// Preloaded with `node --import`: reports every module resolved from node_modules/ink or
// node_modules/react on stderr, so a test can prove a command never loaded them.
import { register } from 'node:module';

const hooks = `
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (/node_modules\\/(ink|react)\\//.test(r.url)) console.error('TRACE-LOADED ' + r.url);
  return r;
}`;
register('data:text/javascript,' + encodeURIComponent(hooks));
