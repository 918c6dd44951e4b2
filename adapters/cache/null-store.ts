/**
 * Laravel's NullStore: accepts every write, remembers nothing (CACHE_STORE=null). Reads always miss,
 * `add` and `put` report false like Laravel's NullStore.
 */
import type { PhpValue } from "../../src/codecs/php/values.js";
import type { Store } from "../../src/contracts/cache.js";

export class NullStore implements Store {
  getPrefix(): string {
    return "";
  }
  async get(_key: string): Promise<PhpValue | null> {
    return null;
  }
  async many(keys: readonly string[]): Promise<Array<PhpValue | null>> {
    return keys.map(() => null);
  }
  async put(_key: string, _value: PhpValue, _seconds: number): Promise<boolean> {
    return false;
  }
  async putMany(_entries: ReadonlyArray<readonly [string, PhpValue]>, _seconds: number): Promise<boolean> {
    return false;
  }
  async add(_key: string, _value: PhpValue, _seconds: number): Promise<boolean> {
    return false;
  }
  async increment(_key: string, _by = 1): Promise<number> {
    return 0;
  }
  async decrement(_key: string, _by = 1): Promise<number> {
    return 0;
  }
  async forever(_key: string, _value: PhpValue): Promise<boolean> {
    return false;
  }
  async touch(_key: string, _seconds: number): Promise<boolean> {
    return false;
  }
  async forget(_key: string): Promise<boolean> {
    return true;
  }
  async flush(): Promise<boolean> {
    return true;
  }
}
