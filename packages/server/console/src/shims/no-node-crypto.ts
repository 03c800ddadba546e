/**
 * Core hashes ids and revisions with node:crypto; the console never calls those functions,
 * but bundling core's index must resolve the import. This stands in for it in the browser.
 */
export function createHash(): never {
  throw new Error('node:crypto is not available in the console');
}
