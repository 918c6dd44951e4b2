/**
 * How `Encrypter::decrypt()` validates a payload, per Laravel major (the latest minor of each). Data,
 * not `if (version >= 11)`: codecs may not import src/config, so this small table lives here and
 * mirrors the rows of laravel-versions.ts.
 *
 * - `strictTypes` (9.44+): `iv`, `value`, `mac` must be strings and `tag` a string when present;
 *   8.x only requires them to be set (non-null), so `"tag": []` passes there and fails on 12.
 * - `macBeforeTag` (≤ 11.3): the CBC MAC is checked before the tag; from 11.4 a non-empty CBC `tag`
 *   (or a GCM tag that is not 16 bytes) is rejected first (golden README §8, tampered 009).
 */
export interface DecryptRules {
  readonly strictTypes: boolean;
  readonly macBeforeTag: boolean;
}

export type EncrypterLaravelVersion = 8 | 9 | 10 | 11 | 12 | 13;

export const DEFAULT_ENCRYPTER_VERSION: EncrypterLaravelVersion = 12;

export const DECRYPT_RULES: Readonly<Record<EncrypterLaravelVersion, DecryptRules>> = Object.freeze({
  8: { strictTypes: false, macBeforeTag: true },
  9: { strictTypes: true, macBeforeTag: true },
  10: { strictTypes: true, macBeforeTag: true },
  11: { strictTypes: true, macBeforeTag: false },
  12: { strictTypes: true, macBeforeTag: false },
  13: { strictTypes: true, macBeforeTag: false },
});
