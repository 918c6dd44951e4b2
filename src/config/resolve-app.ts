/**
 * config/app.php (name, env, key, previous_keys, cipher) and the selected connection of
 * config/database.php (DB_CONNECTION, DB_* and DB_URL / DATABASE_URL) for the selected version.
 */
import { type ConfigDraft, provenance } from "./config-draft.js";
import { phpString } from "./env.js";
import type { PhpConfigArray } from "./php-query.js";
import { parseConfigurationUrl } from "./redis-url.js";

export function resolveApp(draft: ConfigDraft): void {
  draft.fromEnv("app.name", "app.name", "APP_NAME", "Laravel");
  draft.fromEnv("app.env", "app.env", "APP_ENV", "production");
  draft.fromEnv("app.key", "app.key", "APP_KEY", "");
  if (draft.traits.previousKeys) {
    // array_filter(explode(',', (string) env('APP_PREVIOUS_KEYS', ''))): PHP's filter also drops "0".
    const raw = phpString(draft.envOr("APP_PREVIOUS_KEYS", ""));
    const keys = raw.split(",").filter((key) => key !== "" && key !== "0");
    draft.set(
      "app.previousKeys",
      "app.previous_keys",
      keys,
      provenance(draft.origin("APP_PREVIOUS_KEYS") ?? "default", "APP_PREVIOUS_KEYS"),
    );
  } else {
    draft.fixed("app.previousKeys", "app.previous_keys", [], "APP_PREVIOUS_KEYS");
  }
  // The skeletons hard-code 'AES-256-CBC'; APP_CIPHER is the bridge's way to follow an app that changed it.
  draft.fromEnv("app.cipher", "app.cipher", "APP_CIPHER", "AES-256-CBC");
}

interface DriverDefaults {
  host: string;
  port: string | null;
}

/** Per skeleton connection: the driver's own defaults (database/username differ by version below). */
const CONNECTIONS: Readonly<Record<string, DriverDefaults>> = {
  sqlite: { host: "", port: null },
  mysql: { host: "127.0.0.1", port: "3306" },
  mariadb: { host: "127.0.0.1", port: "3306" },
  pgsql: { host: "127.0.0.1", port: "5432" },
  sqlsrv: { host: "localhost", port: "1433" },
};

export function resolveDatabase(draft: ConfigDraft): void {
  const { traits } = draft;
  const name = phpString(
    draft.fromEnv(
      "database.default",
      "database.default",
      "DB_CONNECTION",
      traits.defaults.dbConnection,
    ) as string,
  );
  const known = CONNECTIONS[name];
  const at = (key: string): [string, string] => [
    `database.connection.${key}`,
    `database.connections.${name}.${key}`,
  ];
  const oldSkeleton = traits.defaults.dbConnection === "mysql";
  const sqlite = name === "sqlite";
  const base: PhpConfigArray = Object.create(null);
  base.driver = name;
  const urlVariable = traits.databaseUrlVariable;
  base.url = draft.envOr(urlVariable, null);
  base.host = sqlite ? "" : draft.envOr("DB_HOST", known?.host ?? "");
  base.port = sqlite ? null : draft.envOr("DB_PORT", known?.port ?? null);
  const database = sqlite ? "database/database.sqlite" : oldSkeleton ? "forge" : "laravel";
  base.database = draft.envOr("DB_DATABASE", database);
  base.username = sqlite ? "" : draft.envOr("DB_USERNAME", oldSkeleton ? "forge" : "root");
  base.password = sqlite ? "" : draft.envOr("DB_PASSWORD", "");
  const fromUrl = base.url ? parseConfigurationUrl({ url: base.url }, urlVariable) : {};
  const merged = parseConfigurationUrl(base, urlVariable);
  const note = known ? undefined : `[${name}] is not a connection of the ${traits.skeleton} skeleton`;
  draft.set(
    ...at("driver"),
    merged.driver ?? name,
    provenance(Object.hasOwn(fromUrl, "driver") ? "url" : "default", undefined, note),
  );
  draft.set(...at("url"), base.url, provenance(draft.origin(urlVariable) ?? "default", urlVariable));
  const fields: Array<[key: string, variable: string, unread: boolean]> = [
    ["host", "DB_HOST", sqlite],
    ["port", "DB_PORT", sqlite],
    ["database", "DB_DATABASE", false],
    ["username", "DB_USERNAME", sqlite],
    ["password", "DB_PASSWORD", sqlite],
  ];
  for (const [key, variable, unread] of fields) {
    const value = merged[key] ?? null;
    const shown = key === "port" || value !== null ? value : "";
    if (Object.hasOwn(fromUrl, key)) draft.set(...at(key), shown, provenance("url", urlVariable));
    else if (unread) draft.fixed(...at(key), shown, variable);
    else draft.set(...at(key), shown, provenance(draft.origin(variable) ?? "default", variable));
  }
}
