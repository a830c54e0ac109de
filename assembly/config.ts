// config: the settings the host may change (Engine.configure): when a
// collection leaves its compact encoding. Redis 7.0's defaults.

/** hash-max-listpack-entries */
export let hashMaxListpackEntries: u32 = 512;
/** hash-max-listpack-value */
export let hashMaxListpackValue: u32 = 64;
/** set-max-intset-entries */
export let setMaxIntsetEntries: u32 = 512;

export function configSet(hashEntries: u32, hashValue: u32, intsetEntries: u32): void {
  hashMaxListpackEntries = hashEntries;
  hashMaxListpackValue = hashValue;
  setMaxIntsetEntries = intsetEntries;
}
