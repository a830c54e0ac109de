/**
 * The DB's and Tx's method types, derived from the command rows, hold what
 * test/types/methods.ts says of them: tsc checks that file (its
 * @ts-expect-error lines must fail to type-check, the rest must pass).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe('method types derived from the rows', () => {
  it('type-check as test/types/methods.ts expects', () => {
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', 'test/types/tsconfig.json'], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  }, 60_000);
});
