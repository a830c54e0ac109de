/**
 * Every command case table, in one list: what the runtime runner
 * (scripts/runtime-cases/run.ts) runs under Deno and Bun. Each behaviour
 * suite (strings.test.ts, ...) registers its own tables with vitest; a new
 * table file belongs here too, so the runtimes run it.
 */
import type { CaseTable } from './model.js';
import { BINARY } from './binary.js';
import { CONNECTION } from './connection.js';
import { COUNTERS } from './counters.js';
import { ERRORS } from './errors.js';
import { HASHES } from './hashes.js';
import { EXPIRY } from './expiry.js';
import { INFO } from './info.js';
import { INTEGERS } from './integers.js';
import { KEYSPACE } from './keyspace.js';
import { SCAN } from './scan.js';
import { SETS } from './sets.js';
import { STRINGS } from './strings.js';
import { WRONG_TYPES } from './wrongtype.js';

export const CASE_TABLES: readonly CaseTable[] = [...STRINGS, ...HASHES, ...SETS, ...COUNTERS, ...INTEGERS, ...KEYSPACE, ...EXPIRY, ...SCAN, ...BINARY, ...INFO, ...ERRORS, ...CONNECTION, ...WRONG_TYPES];

/** How many cases {@link CASE_TABLES} holds. */
export const CASE_COUNT = CASE_TABLES.reduce((sum, table) => sum + table.cases.length, 0);
