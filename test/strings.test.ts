/**
 * String commands: SET and its options, GET, GETSET, GETDEL, GETEX, SETNX,
 * SETEX, PSETEX, MGET, MSET, MSETNX, APPEND, STRLEN, GETRANGE, SETRANGE.
 * (Counters are in counters.test.ts.) The cases are in cases/strings.ts; every
 * reply there is what redis-server 7.0.15 gives, and the oracle half of each
 * suite checks that on every run that has redis-server installed.
 */
import { STRINGS } from './cases/strings.js';
import { defineCases } from './support/cases.js';

defineCases(...STRINGS);
