// Loaded with `node --import`: reports on stderr every AWS SDK module the process resolves, so a
// test can prove snapshot mode never loads the SDK.
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier.includes('@aws-sdk/') || specifier.includes('@smithy/')) process.stderr.write('LOADED-SDK ' + specifier + '\\n');
  return next(specifier, context);
}`));
