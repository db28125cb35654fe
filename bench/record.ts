// Records every statement prepared on a better-sqlite3 connection and the parameters of its first
// run, so that the exact SQL the app sends can be timed, explained and replayed by a bare baseline
// (bench/bare-surveys-server.js, bench/bare-plan-server.js).
import type Database from "better-sqlite3";

export type Recorded = { sql: string; params: unknown[] };

/**
 * Records every statement prepared on the connection and the parameters of its first run, so
 * that the exact SQL the app sends can be timed, explained and replayed by the bare baseline.
 */
export function recordStatements(client: Database.Database): { list: Recorded[]; stop: () => void } {
  const list: Recorded[] = [];
  const prepare = client.prepare;
  const wrap = (statement: Database.Statement, entry: Recorded): Database.Statement => {
    const proxy: Database.Statement = new Proxy(statement, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (typeof value !== "function") return value;
        if (["all", "get", "run", "iterate"].includes(String(prop))) {
          return (...args: unknown[]) => {
            if (entry.params.length === 0) entry.params = args;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        // raw(), pluck(), expand() return the statement itself: keep recording through the proxy.
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          return result === target ? proxy : result;
        };
      },
    });
    return proxy;
  };
  client.prepare = function (this: Database.Database, source: string) {
    const entry: Recorded = { sql: source, params: [] };
    list.push(entry);
    return wrap(prepare.call(this, source) as Database.Statement, entry);
  } as typeof client.prepare;
  return { list, stop: () => void (client.prepare = prepare) };
}
