/**
 * The ONE table of per-version differences (Laravel 8 to 13). Adapters look formats up here by
 * LARAVEL_VERSION; they never compare version numbers themselves.
 */
export const LARAVEL_VERSIONS = [8, 9, 10, 11, 12, 13] as const;
export type LaravelVersion = (typeof LARAVEL_VERSIONS)[number];
export const DEFAULT_LARAVEL_VERSION: LaravelVersion = 12;
