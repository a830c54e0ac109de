/**
 * Entry for command-line runtimes (Deno, Bun; Node too): runs the smoke check
 * against ../../dist/index.js and prints its result as one line of JSON.
 */
import * as flashkv from '../../dist/index.js';
import { smoke } from './smoke.mjs';

const result = await smoke(flashkv);
console.log(JSON.stringify(result));
