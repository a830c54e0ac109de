import { describe, expect, it } from 'vitest';
import { CommandError } from '../../../src/errors/command-error.js';
import {
  INFINITE,
  addLongDouble,
  formatLongDouble,
  incrByFloat,
  incrByFloatByteString,
  parseLongDouble,
  type LongDouble,
} from '../../../src/engine/longdouble.js';

/**
 * [stored value (null = absent key), increment, reply]: every row was taken
 * from redis-server 7.0.15 on x86-64 Linux (SET k <stored>; INCRBYFLOAT k
 * <increment>), errors written as their full message.
 */
const verifiedByRedis: [string | null, string, string][] = [
  [null, "0.1", "0.1"],
  [null, "10.5", "10.5"],
  [null, "3.0e3", "3000"],
  [null, "5.0e3", "5000"],
  [null, "12345678.1", "12345678.1000000000003638"],
  [null, "-5", "-5"],
  [null, "1e-20", "0"],
  [null, "18446744073709551615", "18446744073709551615"],
  [null, "18446744073709551616", "18446744073709551616"],
  [null, "+1.5", "1.5"],
  [null, " 1", "ERR value is not a valid float"],
  [null, "1 ", "ERR value is not a valid float"],
  [null, "1e", "ERR value is not a valid float"],
  [null, ".5", "0.5"],
  [null, "5.", "5"],
  [null, "0x10", "16"],
  [null, "0x1p3", "8"],
  [null, "0x", "ERR value is not a valid float"],
  [null, "0x.8", "0.5"],
  [null, "1_0", "ERR value is not a valid float"],
  [null, "inf", "ERR increment would produce NaN or Infinity"],
  [null, "-inf", "ERR increment would produce NaN or Infinity"],
  [null, "infinity", "ERR increment would produce NaN or Infinity"],
  [null, "Infinity", "ERR increment would produce NaN or Infinity"],
  [null, "nan", "ERR value is not a valid float"],
  [null, "NaN", "ERR value is not a valid float"],
  [null, "1e5000", "ERR value is not a valid float"],
  [null, "1e-5000", "ERR value is not a valid float"],
  [null, "0e-5000", "0"],
  [null, "-0", "0"],
  [null, "0", "0"],
  [null, "", "ERR value is not a valid float"],
  [null, "abc", "ERR value is not a valid float"],
  [null, "0.000003814697265625", "0.00000381469726562"],
  [null, "1\u00002", "ERR value is not a valid float"],
  [null, "1e+5", "100000"],
  [null, "1E-2", "0.01"],
  [null, "0.1e", "ERR value is not a valid float"],
  [null, "1.5e+", "ERR value is not a valid float"],
  [null, "00012", "12"],
  [null, "9007199254740993", "9007199254740993"],
  [null, "-0.0", "0"],
  [null, "3.14159265358979323846264338327950288", "3.14159265358979324"],
  [null, "123456789012345678901234567890", "123456789012345678899921813504"],
  [null, "0.30000000000000000001", "0.3"],
  [null, "1.2345678901234567890123e-10", "0.00000000012345679"],
  [null, "4e-4951", "0"],
  [null, "1e-4950", "0"],
  [null, "3e-4951", "0"],
  [null, "1.19e4932", "ERR value is not a valid float"],
  [null, "0X1P-16445", "0"],
  [null, "0x1p-16446", "ERR value is not a valid float"],
  [null, "99999999999999999999999", "100000000000000000000000"],
  [null, "-1e-18", "0"],
  [null, "0.000000000000000005", "0"],
  [null, "0.000000000000000015", "0.00000000000000002"],
  [null, "0.000000000000000025", "0.00000000000000002"],
  [null, "nan(123)", "ERR value is not a valid float"],
  [null, "infin", "ERR value is not a valid float"],
  [null, "--1", "ERR value is not a valid float"],
  [null, "+-1", "ERR value is not a valid float"],
  [null, "1..2", "ERR value is not a valid float"],
  [null, "e5", "ERR value is not a valid float"],
  [null, ".e5", "ERR value is not a valid float"],
  [null, ".", "ERR value is not a valid float"],
  [null, "-", "ERR value is not a valid float"],
  [null, "+", "ERR value is not a valid float"],
  ["0.1", "0.2", "0.3"],
  ["0.1", "0.1", "0.2"],
  ["0.1", "1", "1.1"],
  ["0.1", "0.000000001", "0.100000001"],
  ["0.1", "-12345678.1", "-12345678"],
  ["0.1", "-inf", "ERR increment would produce NaN or Infinity"],
  ["0.1", "1e-20", "0.1"],
  ["0.1", "18446744073709551615", "18446744073709551615"],
  ["0.1", "-18446744073709551616", "-18446744073709551616"],
  ["0.1", "-1.5", "-1.4"],
  ["0.1", "5.0e3", "5000.10000000000000009"],
  ["10.5", "0.2", "10.7"],
  ["10.5", "0.1", "10.6"],
  ["10.5", "1", "11.5"],
  ["10.5", "0.000000001", "10.500000001"],
  ["10.5", "-12345678.1", "-12345667.6000000000003638"],
  ["10.5", "-inf", "ERR increment would produce NaN or Infinity"],
  ["10.5", "1e-20", "10.5"],
  ["10.5", "18446744073709551615", "18446744073709551626"],
  ["10.5", "-18446744073709551616", "-18446744073709551606"],
  ["10.5", "-1.5", "9"],
  ["10.5", "5.0e3", "5010.5"],
  ["1e308", "-1e308", "0"],
  ["1e308", "-inf", "ERR increment would produce NaN or Infinity"],
  ["-1e308", "1e308", "0"],
  ["-1e308", "-inf", "ERR increment would produce NaN or Infinity"],
  ["12345678.1", "0.2", "12345678.3000000000001819"],
  ["12345678.1", "0.1", "12345678.2000000000007276"],
  ["12345678.1", "1", "12345679.1000000000003638"],
  ["12345678.1", "0.000000001", "12345678.10000000100080797"],
  ["12345678.1", "-12345678.1", "0"],
  ["12345678.1", "-inf", "ERR increment would produce NaN or Infinity"],
  ["12345678.1", "1e-20", "12345678.1000000000003638"],
  ["12345678.1", "18446744073709551615", "18446744073721897294"],
  ["12345678.1", "-18446744073709551616", "-18446744073697205938"],
  ["12345678.1", "-1.5", "12345676.6000000000003638"],
  ["12345678.1", "5.0e3", "12350678.1000000000003638"],
  ["inf", "0.2", "ERR increment would produce NaN or Infinity"],
  ["inf", "0.1", "ERR increment would produce NaN or Infinity"],
  ["inf", "1e308", "ERR increment would produce NaN or Infinity"],
  ["inf", "-1e308", "ERR increment would produce NaN or Infinity"],
  ["inf", "1", "ERR increment would produce NaN or Infinity"],
  ["inf", "0.000000001", "ERR increment would produce NaN or Infinity"],
  ["inf", "-12345678.1", "ERR increment would produce NaN or Infinity"],
  ["inf", "-inf", "ERR increment would produce NaN or Infinity"],
  ["inf", "1e-20", "ERR increment would produce NaN or Infinity"],
  ["inf", "18446744073709551615", "ERR increment would produce NaN or Infinity"],
  ["inf", "-18446744073709551616", "ERR increment would produce NaN or Infinity"],
  ["inf", "1e4000", "ERR increment would produce NaN or Infinity"],
  ["inf", "-1.5", "ERR increment would produce NaN or Infinity"],
  ["inf", "5.0e3", "ERR increment would produce NaN or Infinity"],
  ["18446744073709551615", "0.2", "18446744073709551615"],
  ["18446744073709551615", "0.1", "18446744073709551615"],
  ["18446744073709551615", "1", "18446744073709551616"],
  ["18446744073709551615", "0.000000001", "18446744073709551615"],
  ["18446744073709551615", "-12345678.1", "18446744073697205937"],
  ["18446744073709551615", "-inf", "ERR increment would produce NaN or Infinity"],
  ["18446744073709551615", "1e-20", "18446744073709551615"],
  ["18446744073709551615", "18446744073709551615", "36893488147419103230"],
  ["18446744073709551615", "-18446744073709551616", "-1"],
  ["18446744073709551615", "-1.5", "18446744073709551614"],
  ["18446744073709551615", "5.0e3", "18446744073709556616"],
  ["-0.2", "0.2", "0"],
  ["-0.2", "0.1", "-0.1"],
  ["-0.2", "1", "0.8"],
  ["-0.2", "0.000000001", "-0.199999999"],
  ["-0.2", "-12345678.1", "-12345678.3000000000001819"],
  ["-0.2", "-inf", "ERR increment would produce NaN or Infinity"],
  ["-0.2", "1e-20", "-0.2"],
  ["-0.2", "18446744073709551615", "18446744073709551615"],
  ["-0.2", "-18446744073709551616", "-18446744073709551616"],
  ["-0.2", "-1.5", "-1.7"],
  ["-0.2", "5.0e3", "4999.79999999999999982"],
  ["abc", "0.2", "ERR value is not a valid float"],
  ["abc", "0.1", "ERR value is not a valid float"],
  ["abc", "1e308", "ERR value is not a valid float"],
  ["abc", "-1e308", "ERR value is not a valid float"],
  ["abc", "1", "ERR value is not a valid float"],
  ["abc", "0.000000001", "ERR value is not a valid float"],
  ["abc", "-12345678.1", "ERR value is not a valid float"],
  ["abc", "-inf", "ERR value is not a valid float"],
  ["abc", "1e-20", "ERR value is not a valid float"],
  ["abc", "18446744073709551615", "ERR value is not a valid float"],
  ["abc", "-18446744073709551616", "ERR value is not a valid float"],
  ["abc", "1e4000", "ERR value is not a valid float"],
  ["abc", "-1.5", "ERR value is not a valid float"],
  ["abc", "5.0e3", "ERR value is not a valid float"],
  ["1e4000", "-inf", "ERR increment would produce NaN or Infinity"],
  ["1.5", "0.2", "1.7"],
  ["1.5", "0.1", "1.6"],
  ["1.5", "1", "2.5"],
  ["1.5", "0.000000001", "1.500000001"],
  ["1.5", "-12345678.1", "-12345676.6000000000003638"],
  ["1.5", "-inf", "ERR increment would produce NaN or Infinity"],
  ["1.5", "1e-20", "1.5"],
  ["1.5", "18446744073709551615", "18446744073709551616"],
  ["1.5", "-18446744073709551616", "-18446744073709551614"],
  ["1.5", "-1.5", "0"],
  ["1.5", "5.0e3", "5001.5"],
  ["66187873.1522788147323984", "1.3e-38", "66187873.15227881473401794"],
  ["53.7064e4", "-929.5e17", "-92949999999999462936"],
  ["8.561e-26", "18e-160", "0"],
  ["839e-151", "71e-174", "0"],
  [null, "444287.5763445162", "444287.57634451620000959"],
  ["-9.358e-0", "689.5e-23", "-9.358"],
  ["-337815", "-0.00000000300", "-337815.0000000029999967"],
  [null, "32138.25677", "32138.2567699999999995"],
  ["06306139032588348596", "-90175086238234205965", "-83868947205645857376"],
  [null, "-82.3578e-13", "-0.00000000000823578"],
  ["4.666e4", "-33962192074224947", "-33962192074178287"],
  ["43.e-22", "294.8140e-13", "0.0000000000294814"],
  ["0.0000000000000000001429", "0.004010", "0.00401"],
  ["0.0000000000018", "-262323.29", "-262323.28999999999820147"],
  ["47e-314", "48408602991099134", "48408602991099134"],
  [null, "3.937e-29", "0"],
  ["-620.9744e-34", "2094.997237284858250", "2094.99723728485825003"],
  ["-8130", "-0.0000000000003", "-8130.0000000000003002"],
  ["1e-980", "09.4610e-37", "0"],
  ["27501964581898396000", "-7315550151893.659", "27501957266348244106"],
  [null, "153067946505.29883", "153067946505.29883000254631042"],
  ["-96.e-12", "4e-9", "0.000000003904"],
  ["0.0000000789", "-833885158082984331", "-833885158082984331"],
  ["13000440421891759", "0.00000000002629", "13000440421891759"],
  ["37.38", "0.5057163240880316", "37.8857163240880316"],
  // Boundaries, also from redis-server 7.0.15.
  [null, '1.9e-4951', '0'],
  [null, '1.8e-4951', 'ERR value is not a valid float'],
  [null, '1e-4952', 'ERR value is not a valid float'],
  [null, '0x1p16384', 'ERR value is not a valid float'],
  [null, '0.1\t', 'ERR value is not a valid float'],
  [null, '\t0.1', 'ERR value is not a valid float'],
  [null, '0.5e-17', '0'],
  [null, '0.000000000000000035', '0.00000000000000004'],
  [null, '1\u00002', 'ERR value is not a valid float'],
  ['1.18973149535723176502e+4932', '1.18973149535723176502e+4932', 'ERR increment would produce NaN or Infinity'],
];

function run(current: string | null, increment: string): string {
  try {
    return incrByFloatByteString(current, increment);
  } catch (error) {
    expect(error).toBeInstanceOf(CommandError);
    return (error as Error).message;
  }
}

describe('longdouble', () => {
  it.each(verifiedByRedis)('INCRBYFLOAT %j by %j replies %j, as redis-server 7.0.15 does', (current, increment, reply) => {
    expect(run(current, increment)).toBe(reply);
  });

  it('accepts up to 5119 bytes of input and rejects 5120', () => {
    expect(run(null, '0'.repeat(5118) + '1')).toBe('1');
    expect(run(null, '0'.repeat(5119) + '1')).toBe('ERR value is not a valid float');
    expect(run('0'.repeat(5118) + '1', '1')).toBe('2');
    expect(run('0'.repeat(5119) + '1', '1')).toBe('ERR value is not a valid float');
  });

  it('prints the largest finite long double in full, as Redis does (4932 digits)', () => {
    const reply = run(null, '0x1p16383');
    expect(reply.length).toBe(4932);
    expect(reply.startsWith('594865747678615882542879663314003565381722343548255118736337')).toBe(true);
  });

  it('rounds a tie at the 18th fractional digit to even, as glibc printf does', () => {
    // 2^-18 = 0.000003814697265625 exactly: the 17-digit tie goes to ...62.
    expect(run(null, '0.000003814697265625')).toBe('0.00000381469726562');
    expect(run(null, '0.000000000000000025')).toBe('0.00000000000000002');
  });

  it('parses hex floats, with or without a binary exponent', () => {
    expect(parseLongDouble('0x10')).toEqual({ negative: false, significand: 1n << 63n, exponent: -59 });
    expect(parseLongDouble('0x')).toBeNull();
    expect(parseLongDouble('0x1p')).toBeNull();
  });

  it('tells an accepted infinity from an invalid input', () => {
    expect(parseLongDouble('-Infinity')).toBe(INFINITE);
    expect(parseLongDouble('inf')).toBe(INFINITE);
    expect(parseLongDouble('infin')).toBeNull();
    expect(parseLongDouble('nan')).toBeNull();
  });

  it('adds exactly and rounds once to a 64-bit significand', () => {
    const one = parseLongDouble('1') as LongDouble;
    const tiny = parseLongDouble('0x1p-64') as LongDouble; // half an ulp of 1
    const sum = addLongDouble(one, tiny) as LongDouble;
    expect(sum).toEqual(one); // tie -> even
    const more = addLongDouble(one, parseLongDouble('0x1.8p-64') as LongDouble) as LongDouble;
    expect(more.significand).toBe((1n << 63n) + 1n);
    expect(formatLongDouble(addLongDouble(one, { ...one, negative: true }) as LongDouble)).toBe('0');
  });

  it('works on raw bytes and returns a fresh array', () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    expect(new TextDecoder().decode(incrByFloat(encode('10.5'), encode('0.1')))).toBe('10.6');
    expect(new TextDecoder().decode(incrByFloat(null, encode('5.0e3')))).toBe('5000');
    expect(() => incrByFloat(encode('abc'), encode('1'))).toThrow('ERR value is not a valid float');
  });
});
