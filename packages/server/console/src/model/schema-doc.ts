import { parse } from 'yaml';

/** One operation of an OpenAPI/Swagger contract. */
export type Operation = Readonly<{ method: string; path: string; summary: string; operationId: string }>;

export type SchemaDoc = Readonly<{ title: string; version: string; basePath: string; operations: readonly Operation[] }>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * Reads a schema's contract (Swagger 2 or OpenAPI 3, YAML or JSON) into its operations;
 * undefined when it is not a contract we can read, and the raw text is shown instead.
 */
export function schemaDoc(text: string): SchemaDoc | undefined {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return undefined;
  }
  const root = obj(doc);
  const paths = obj(root.paths);
  if (Object.keys(paths).length === 0 && root.swagger === undefined && root.openapi === undefined) return undefined;
  const info = obj(root.info);
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(obj(item))) {
      if (!METHODS.includes(method)) continue;
      const o = obj(op);
      operations.push({ method: method.toUpperCase(), path, summary: str(o.summary) || str(o.description), operationId: str(o.operationId) });
    }
  }
  return { title: str(info.title), version: str(info.version), basePath: str(root.basePath), operations };
}
