/**
 * The SqliteDatabase contract (adapters/database): the behaviour the failed_jobs store and the
 * ledger rely on, which better-sqlite3 and node:sqlite must both give through openSqlite().
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { SqliteDatabase, SqliteOpenOptions } from "../../adapters/database/index.js";

export type OpenSqlite = (path: string, options?: Omit<SqliteOpenOptions, "drivers">) => SqliteDatabase;

export function describeSqliteDatabase(name: string, open: OpenSqlite): void {
  describe(`${name}: the SQLite database contract`, () => {
    const dir = mkdtempSync(join(tmpdir(), "lrb-sqlite-"));
    const opened: SqliteDatabase[] = [];
    const db = (path = ":memory:", options: Omit<SqliteOpenOptions, "drivers"> = {}): SqliteDatabase => {
      const database = open(path, options);
      opened.push(database);
      return database;
    };
    afterEach(() => {
      for (const database of opened.splice(0)) database.close();
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const withTable = (): SqliteDatabase => {
      const d = db();
      d.exec("create table t (id integer primary key, n integer, s text unique, b blob)");
      return d;
    };

    it("binds positional null, number, bigint, string and Buffer parameters and counts changed rows", () => {
      const d = withTable();
      const insert = d.prepare("insert into t (n, s, b) values (?, ?, ?)");
      expect(insert.run(7, "seven", Buffer.from([0, 255]))).toEqual({ changes: 1, lastInsertRowid: 1 });
      expect(insert.run(2n ** 40n, "big", null)).toEqual({ changes: 1, lastInsertRowid: 2 });
      expect(insert.run(null, "none", null).lastInsertRowid).toBe(3);
      expect(d.prepare("update t set n = ? where n is not null").run(1).changes).toBe(2);
      expect(d.prepare("delete from t where s = ?").run("absent").changes).toBe(0);
      expect(d.prepare("select typeof(n) from t where id = ?").pluck().get(1)).toBe("integer");
    });

    it("returns rows as plain objects with Buffers for blobs, and undefined when there is no row", () => {
      const d = withTable();
      d.prepare("insert into t (n, s, b) values (?, ?, ?)").run(1, "Grüße 😀", Buffer.from("blob"));
      const row = d.prepare("select id, n, s, b from t where s = ?").get("Grüße 😀") as Record<
        string,
        unknown
      >;
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(Object.keys(row)).toEqual(["id", "n", "s", "b"]);
      expect(row).toMatchObject({ id: 1, n: 1, s: "Grüße 😀" });
      expect(Buffer.isBuffer(row.b) && row.b.toString()).toBe("blob");
      expect(d.prepare("select * from t where s = ?").get("missing")).toBeUndefined();
      expect(d.prepare("select s from t order by id").all()).toEqual([{ s: "Grüße 😀" }]);
    });

    it("plucks the first column, and reads integers beyond 2^53 exactly as bigints on request", () => {
      const d = withTable();
      const big = 2n ** 62n + 1n;
      d.prepare("insert into t (n, s) values (?, ?)").run(big, "a");
      d.prepare("insert into t (n, s) values (?, ?)").run(5, "b");
      expect(d.prepare("select s, id from t order by id").pluck().all()).toEqual(["a", "b"]);
      expect(d.prepare("select n from t where s = ?").pluck().safeIntegers().get("a")).toBe(big);
      expect(d.prepare("select n from t where s = ?").pluck().safeIntegers().get("b")).toBe(5n);
      const plain = d.prepare("select n from t where s = ?").pluck();
      expect(plain.get("b")).toBe(5);
      d.defaultSafeIntegers(true);
      expect(d.prepare("select n from t where s = ?").pluck().get("b")).toBe(5n);
      expect(d.prepare("insert into t (s) values (?)").run("c")).toEqual({ changes: 1, lastInsertRowid: 3n });
      expect(d.prepare("select n from t where s = ?").pluck().safeIntegers(false).get("b")).toBe(5);
    });

    it("commits a transaction, rolls it back when it throws, and nests with savepoints", () => {
      const d = withTable();
      const insert = (s: string) => d.prepare("insert into t (s) values (?)").run(s);
      const count = () => d.prepare("select count(*) from t").pluck().get();
      const outer = d.transaction((first: string, second: string) => {
        insert(first);
        const inner = d.transaction(() => {
          insert("inner");
          insert(first);
        });
        expect(inner).toThrow(/UNIQUE/);
        insert(second);
        return "done";
      });
      expect(outer("x", "y")).toBe("done");
      expect(d.prepare("select s from t order by id").pluck().all()).toEqual(["x", "y"]);
      const failing = d.transaction(() => {
        insert("z");
        insert("x");
      });
      expect(failing).toThrow(/UNIQUE constraint failed: t\.s/);
      expect(count()).toBe(2);
      // Nothing is left open: a plain statement after the failures commits on its own.
      insert("after");
      expect(count()).toBe(3);
    });

    it("refuses a transaction function that returns a promise, and rolls its writes back", () => {
      const d = withTable();
      const asyncWork = d.transaction(async () => {
        d.prepare("insert into t (s) values (?)").run("early");
      });
      expect(() => asyncWork()).toThrow(TypeError);
      expect(() => asyncWork()).toThrow(/cannot return a promise/);
      expect(d.prepare("select count(*) from t").pluck().get()).toBe(0);
    });

    it("enforces foreign keys and reports SQLite's own message for a violated constraint", () => {
      const d = db();
      d.exec(
        "create table users (id integer primary key); create table entries (user_id integer references users (id))",
      );
      expect(() => d.prepare("insert into entries (user_id) values (?)").run(42)).toThrow(
        "FOREIGN KEY constraint failed",
      );
    });

    it("answers pragmas with their rows, or none", () => {
      const d = db();
      expect(d.pragma("busy_timeout")).toEqual([{ timeout: 5000 }]);
      expect(d.pragma("journal_mode")).toEqual([{ journal_mode: "memory" }]);
      expect(d.pragma("foreign_keys = on")).toEqual([]);
      expect(db(":memory:", { busyTimeoutMs: 25 }).pragma("busy_timeout")).toEqual([{ timeout: 25 }]);
      expect(() => db(":memory:", { busyTimeoutMs: -1 })).toThrow(RangeError);
    });

    it("gives every :memory: database its own data, and a file's data to every connection", () => {
      const a = db();
      a.exec("create table only_here (x)");
      expect(db().prepare("select count(*) from sqlite_master where name = 'only_here'").pluck().get()).toBe(
        0,
      );
      const file = join(dir, `shared-${opened.length}.sqlite`);
      db(file).exec("create table kept (x); insert into kept values ('written')");
      expect(db(file).prepare("select x from kept").pluck().get()).toBe("written");
    });

    it("waits busy_timeout for another connection's write lock, then fails with 'database is locked'", () => {
      const file = join(dir, `locked-${opened.length}.sqlite`);
      const holder = db(file);
      holder.exec("create table w (x)");
      const waiter = db(file, { busyTimeoutMs: 20 });
      holder.exec("begin immediate");
      holder.prepare("insert into w values (?)").run("holder");
      expect(() => waiter.prepare("insert into w values (?)").run("waiter")).toThrow(/database is locked/);
      holder.exec("commit");
      expect(waiter.prepare("insert into w values (?)").run("waiter").changes).toBe(1);
      expect(db(file).prepare("select x from w order by rowid").pluck().all()).toEqual(["holder", "waiter"]);
    });
  });
}
