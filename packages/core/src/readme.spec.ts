import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { transformSync } from '@swc/core';
import * as core from './index';

/** The README's example (the ```ts block of "Embedding it") and the block of what it prints. */
function readmeExample(): { source: string; printed: string } {
  const readme = fs.readFileSync(path.join(__dirname, '../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Embedding it'));
  const source = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  const printed = /It prints:\n\n```\n([\s\S]*?)```/.exec(section)?.[1];
  if (source === undefined || printed === undefined) throw new Error('README.md: "## Embedding it" needs a ```ts block and an "It prints:" block');
  return { source, printed };
}

/** Run the example as CommonJS with `@service-center/core` bound to this package's sources; returns what it logged. */
function run(source: string): string[] {
  const { code } = transformSync(source, { filename: 'readme.ts', jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
  const modules: Record<string, unknown> = { '@service-center/core': core, 'fp-ts/Either': E };
  const load = (id: string): unknown => {
    if (!(id in modules)) throw new Error(`the README example imports ${id}: add it to the modules of this spec`);
    return modules[id];
  };
  const lines: string[] = [];
  const log = { log: (...args: unknown[]) => lines.push(args.map(String).join(' ')) };
  new Function('require', 'exports', 'console', code)(load, {}, log);
  return lines;
}

describe('README example', () => {
  test('decodes, validates and merges, printing exactly what the README says', () => {
    const { source, printed } = readmeExample();
    expect(run(source)).toEqual(printed.trimEnd().split('\n'));
  });
});
