// The four languages must say the same things: same namespaces, same keys, same {{variables}},
// no blanks, no English left untranslated, and every literal t("…") key of the app must exist.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LANGUAGES, NAMESPACES } from "~/utils/i18n";
import { resources } from "./resources";

const LOCALES_DIR = path.resolve(process.cwd(), "locales");
const APP_DIR = path.resolve(process.cwd(), "app");
const PLURAL = /_(zero|one|two|few|many|other)$/;
const VARIABLE = /\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g;

/** Strings that are the same in every language: brand names, abbreviations, codes. */
const SAME_IN_EVERY_LANGUAGE = new Set(["SMS", "Khma"]);
/** Words that are spelled the same in one language as in English (checked by hand): language/ns:key. */
// Azerbaijani words spelled like the English ones: they are the right words.
const SAME_WORD = new Set(["az/common:roles.moderator", "az/common:roles.admin", "az/hub:outbox.status", "az/ideas:list.status", "az/common:nav.plan", "az/hub:nav.plan"]);
/**
 * Variables a translation may leave out, with the reason. The city's name is stored in the
 * nominative; ka/az/ru would need it in another grammatical case in these sentences, so they
 * say "the city" instead. A translation may never use a variable that English does not.
 */
const MAY_OMIT: Record<string, string[]> = {
  "common:tagline": ["city"],
  "common:home.title": ["city"],
  "common:home.goalsLead": ["city"],
  "common:home.districtsLead": ["city"],
};

type Tree = { [key: string]: string | Tree };

function readNamespace(language: string, ns: string): Tree {
  return JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, language, `${ns}.json`), "utf8")) as Tree;
}

/** Every leaf as "a.b.c" → value. A leaf that is not a string is reported as such. */
function flatten(tree: Tree, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of flatten(value, full)) out.set(k, v);
    } else {
      out.set(full, value);
    }
  }
  return out;
}

const baseKey = (key: string) => key.replace(PLURAL, "");
const variables = (value: string) => new Set([...value.matchAll(VARIABLE)].map((m) => m[1]!));

/** ns → language → flattened entries. */
const catalog = new Map<string, Map<string, Map<string, unknown>>>();
for (const ns of NAMESPACES) {
  const byLanguage = new Map<string, Map<string, unknown>>();
  for (const language of LANGUAGES) {
    const file = path.join(LOCALES_DIR, language, `${ns}.json`);
    byLanguage.set(language, fs.existsSync(file) ? flatten(readNamespace(language, ns)) : new Map());
  }
  catalog.set(ns, byLanguage);
}

function entries(ns: string, language: string): Map<string, unknown> {
  return catalog.get(ns)?.get(language) ?? new Map();
}

/** The base keys (plural suffixes folded) of one namespace in one language. */
function baseKeys(ns: string, language: string): Set<string> {
  return new Set([...entries(ns, language).keys()].map(baseKey));
}

describe("locale files", () => {
  it.each(LANGUAGES.flatMap((language) => NAMESPACES.map((ns) => [language, ns] as const)))(
    "%s/%s.json exists, parses and is what the server loads",
    (language, ns) => {
      const file = path.join(LOCALES_DIR, language, `${ns}.json`);
      expect(fs.existsSync(file), file).toBe(true);
      const parsed = readNamespace(language, ns);
      expect(Object.keys(parsed).length).toBeGreaterThan(0);
      expect((resources as Record<string, Record<string, unknown>>)[language]?.[ns]).toEqual(parsed);
    },
  );

  it("has no namespace file that the app does not know about", () => {
    for (const language of LANGUAGES) {
      const files = fs.readdirSync(path.join(LOCALES_DIR, language)).filter((f) => f.endsWith(".json"));
      expect(files.map((f) => f.replace(/\.json$/, "")).sort()).toEqual([...NAMESPACES].sort());
    }
  });
});

describe("translations", () => {
  it("every key of any language exists in every other language", () => {
    const missing: string[] = [];
    for (const ns of NAMESPACES) {
      const all = new Set(LANGUAGES.flatMap((language) => [...baseKeys(ns, language)]));
      for (const language of LANGUAGES) {
        const have = baseKeys(ns, language);
        for (const key of all) if (!have.has(key)) missing.push(`${language}/${ns}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("no value is empty, blank or not a string", () => {
    const bad: string[] = [];
    for (const ns of NAMESPACES) {
      for (const language of LANGUAGES) {
        for (const [key, value] of entries(ns, language)) {
          if (typeof value !== "string" || value.trim() === "") bad.push(`${language}/${ns}: ${key} = ${JSON.stringify(value)}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("a key uses the same {{variables}} in every language", () => {
    const mismatched: string[] = [];
    for (const ns of NAMESPACES) {
      const keys = new Set(LANGUAGES.flatMap((language) => [...baseKeys(ns, language)]));
      for (const key of keys) {
        const omissible = new Set(MAY_OMIT[`${ns}:${key}`] ?? []);
        const sets = LANGUAGES.map((language) => {
          const found = new Set<string>();
          for (const [k, v] of entries(ns, language)) {
            if (baseKey(k) === key && typeof v === "string") for (const name of variables(v)) found.add(name);
          }
          return [language, found] as const;
        });
        const english = sets.find(([language]) => language === "en")![1];
        const show = (vars: Set<string>) => `{${[...vars].sort().join(",")}}`;
        for (const [language, vars] of sets) {
          const extra = [...vars].filter((v) => !english.has(v));
          const lacking = [...english].filter((v) => !vars.has(v) && !omissible.has(v));
          if (extra.length || lacking.length) mismatched.push(`${ns}:${key} ${language}=${show(vars)} en=${show(english)}`);
        }
      }
    }
    expect(mismatched).toEqual([]);
  });

  it("Georgian, Azerbaijani and Russian texts are translated, not copies of the English", () => {
    const untranslated: string[] = [];
    for (const ns of NAMESPACES) {
      for (const [key, english] of entries(ns, "en")) {
        if (typeof english !== "string" || english.length <= 3 || SAME_IN_EVERY_LANGUAGE.has(english)) continue;
        for (const language of LANGUAGES) {
          if (language === "en") continue;
          if (SAME_WORD.has(`${language}/${ns}:${key}`)) continue;
          if (entries(ns, language).get(key) === english) untranslated.push(`${language}/${ns}: ${key} = ${english}`);
        }
      }
    }
    expect(untranslated).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Literal keys used by the app. A simple scan: for each call NAME("literal"…), where NAME was
// bound by `const { t } = useTranslation("ns")` or `const NAME = getT(lang, "ns")`, the nearest
// binding above it gives the namespace (default "common"); "ns:key" names its own. Template
// (dynamic) keys are skipped.

type Use = { file: string; ns: string; key: string; withValues: boolean };

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const ARGS = String.raw`((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)`; // up to two levels of nested parentheses
const nsOfGetT = (args: string) => /,\s*"([^"]+)"\s*$/.exec(args)?.[1] ?? "common";

function literalKeyUses(file: string, source: string): Use[] {
  const bindings: Array<{ name: string; ns: string; at: number }> = [];
  for (const m of source.matchAll(/const\s*\{([^}]*)\}\s*=\s*useTranslation\(\s*(?:"([^"]+)")?\s*\)/g)) {
    for (const b of m[1]!.split(",")) {
      const [prop, alias] = b.split(":").map((s) => s.trim());
      if (prop === "t") bindings.push({ name: alias || "t", ns: m[2] ?? "common", at: m.index });
    }
  }
  for (const m of source.matchAll(new RegExp(String.raw`const\s+(\w+)\s*=\s*getT\(${ARGS}\)\s*;`, "g"))) {
    bindings.push({ name: m[1]!, ns: nsOfGetT(m[2]!), at: m.index });
  }
  const uses: Use[] = [];
  const push = (ns: string, key: string, withValues: boolean) => {
    const [prefix, rest] = key.includes(":") ? [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)] : [ns, key];
    uses.push({ file: path.relative(process.cwd(), file), ns: prefix, key: rest, withValues });
  };
  for (const m of source.matchAll(new RegExp(String.raw`getT\(${ARGS}\)\(\s*"([^"]+)"\s*(,)?`, "g"))) {
    push(nsOfGetT(m[1]!), m[2]!, m[3] !== undefined);
  }
  const names = new Set(bindings.map((b) => b.name));
  for (const m of source.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)\(\s*"([^"]+)"\s*(,)?/g)) {
    if (!names.has(m[1]!)) continue;
    const binding = bindings.filter((b) => b.name === m[1] && b.at < m.index).sort((a, b) => b.at - a.at)[0];
    if (binding) push(binding.ns, m[2]!, m[3] !== undefined);
  }
  return uses;
}

function keyExists(ns: string, key: string): boolean {
  const en = entries(ns, "en");
  if (en.has(key)) return typeof en.get(key) === "string";
  return [...en.keys()].some((k) => baseKey(k) === key);
}

describe("keys used in the app", () => {
  const uses = sourceFiles(APP_DIR).flatMap((file) => literalKeyUses(file, fs.readFileSync(file, "utf8")));

  it("the scan finds the app's keys (it is not silently matching nothing)", () => {
    expect(uses.length).toBeGreaterThan(50);
    expect(uses).toContainEqual({ file: path.join("app", "routes", "join.tsx"), ns: "auth", key: "join.submit", withValues: false });
    expect(uses).toContainEqual({ file: path.join("app", "root.tsx"), ns: "common", key: "appName", withValues: false });
    expect(uses).toContainEqual({ file: path.join("app", "routes", "hub._index.tsx"), ns: "hub", key: "title", withValues: false });
    expect(uses).toContainEqual({ file: path.join("app", "routes", "reset.tsx"), ns: "auth", key: "messages.resetBody", withValues: true });
  });

  it("the scan resolves namespaces, prefixes and getT() calls", () => {
    const source = [
      'const t = getT(await getLanguage(request), "auth");',
      't("a.b", { x });',
      'getT(language, "hub")("c");',
      "function X() {",
      '  const { t, i18n } = useTranslation("validation");',
      '  return t("d") + t("common:e") + t(`f.${x}`);',
      "}",
    ].join("\n");
    expect(literalKeyUses("x.tsx", source).map((u) => `${u.ns}:${u.key}${u.withValues ? "+" : ""}`).sort()).toEqual(
      ["auth:a.b+", "hub:c", "validation:d", "common:e"].sort(),
    );
  });

  it("every literal key exists in the English catalogue (and so, by the tests above, in all four)", () => {
    const missing = uses.filter((u) => !keyExists(u.ns, u.key)).map((u) => `${u.file}: ${u.ns}:${u.key}`);
    expect(missing).toEqual([]);
  });

  // i18next leaves a placeholder without a value as "{{name}}" in the text people read.
  it("a literal key whose text has {{variables}} is always called with values", () => {
    const bare = uses
      .filter((u) => !u.withValues)
      .filter((u) => {
        const value = entries(u.ns, "en").get(u.key);
        return typeof value === "string" && variables(value).size > 0;
      })
      .map((u) => `${u.file}: ${u.ns}:${u.key}`);
    expect(bare).toEqual([]);
  });
});
