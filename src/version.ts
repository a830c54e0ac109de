/**
 * flashkv's version, the same as package.json's (test/info.test.ts checks
 * that they agree). A constant rather than a read of package.json, so every
 * runtime has it without a file system or a JSON import. INFO reports it as
 * `flashkv_version`.
 */
export const VERSION = '0.1.0';
