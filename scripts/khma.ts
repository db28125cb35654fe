// Khma's command line: `npm run khma -- <command> [options]`.
import { parseArgs } from "node:util";
import { z } from "zod";
import { seedIfEmpty } from "#db/seed/index";
import { STAFF_ROLES } from "~/domain/accounts";
import { displayName as nameRule } from "~/domain/validation.server";
import { describePurge, purge } from "~/models/retention.server";
import { createStaffAccount } from "~/models/staff.server";
import { backupDatabase, restoreDatabase } from "~/utils/backup.server";
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { isLanguage } from "~/utils/i18n";

const USAGE = `Usage: npm run khma -- <command> [options]

Commands:
  staff:create --email EMAIL --role moderator|admin [--name NAME] [--lang ka|en|az|ru]
               [--url https://khma.example.ge] [--password PASSWORD]
      Creates a staff account. Without --password, prints a one-time code (valid 72 hours)
      that the person enters at /reset to choose a password; the code is also put in the outbox.
  seed        Seeds the demo municipality into an empty database (also done at start-up).
  migrate     Applies pending database migrations (also done at start-up).
  tally FILE.pb [--rule greedy|mes]
              Tallies a participatory-budgeting vote in the Pabulib format and prints the funded
              project ids on one line. The rule defaults to the file's META rule (else greedy).
  backup FILE [--force]
              Copies the database to FILE while Khma keeps running (SQLite's online backup), then
              checks the copy. An existing FILE is only replaced with --force.
  restore FILE
              Replaces the database with the backup FILE, then applies newer migrations.
              Stop Khma first: the current database and its -wal and -shm files are replaced.
  purge       Deletes what is kept past its period (the municipality's settings, "retention"):
              expired sessions and password-reset codes, sent or failed outbox messages, old
              rate-limit records, and resident accounts never verified and without activity.
              Prints the counts. The server also does this at start-up and every 24 hours.

The database is DATABASE_PATH (now: ${env.DATABASE_PATH}).`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function staffCreate(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      lang: { type: "string", default: "ka" },
      url: { type: "string", default: `http://localhost:${env.PORT}` },
      password: { type: "string" },
    },
  });
  const email = z.email().safeParse(values.email?.trim().toLowerCase());
  if (!email.success) fail("staff:create needs --email with a valid email address.");
  const role = z.enum(STAFF_ROLES).safeParse(values.role);
  if (!role.success) fail(`staff:create needs --role, one of: ${STAFF_ROLES.join(", ")}.`);
  const name = nameRule.safeParse(values.name ?? email.data.split("@")[0]);
  if (!name.success) fail("--name may hold letters, spaces, hyphens and apostrophes (2 to 80 characters).");
  if (!isLanguage(values.lang)) fail("--lang is one of ka, en, az, ru.");
  if (values.password !== undefined && values.password.length < 8) fail("--password needs at least 8 characters.");

  getDb();
  const created = await createStaffAccount({
    displayName: name.data,
    email: email.data,
    role: role.data,
    actorId: null,
    language: values.lang,
    baseUrl: values.url,
    password: values.password,
  });
  if (!created) fail(`An account with ${email.data} already exists.`);
  console.log(`Created ${role.data} account #${created.user.id} for ${email.data}.`);
  if (created.inviteCode) {
    console.log(`One-time code to set the password at ${new URL("/reset", values.url)}: ${created.inviteCode} (valid 72 hours).`);
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  switch (command) {
    case "staff:create":
      await staffCreate(rest);
      break;
    case "seed": {
      const seeded = await seedIfEmpty(getDb(), { demoAccounts: env.demoAccounts });
      console.log(seeded ? "Seeded the demo municipality." : "The database already has a municipality; nothing done.");
      break;
    }
    case "migrate":
      getDb();
      console.log("Migrations applied.");
      break;
    case "tally": {
      const { readFileSync } = await import("node:fs");
      const { tallyPabulib } = await import("~/domain/tally/index");
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { rule: { type: "string" } } });
      if (positionals.length !== 1) fail("tally needs one file: npm run khma -- tally FILE.pb [--rule greedy|mes]");
      const file = positionals[0] as string;
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (error) {
        fail(`${file}: cannot read it (${error instanceof Error ? error.message : String(error)})`);
      }
      try {
        console.log(tallyPabulib(text, values.rule).funded.join(" "));
      } catch (error) {
        fail(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      break;
    }
    case "backup": {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { force: { type: "boolean", default: false } } });
      if (positionals.length !== 1) fail(`backup needs one file: npm run khma -- backup FILE [--force]\n\n${USAGE}`);
      const result = await backupDatabase(env.DATABASE_PATH, positionals[0] as string, { force: values.force });
      console.log(
        `Backed up ${env.DATABASE_PATH} to ${result.file}: ${megabytes(result.bytes)} (${result.pages} pages) in ${result.ms} ms; the copy passed SQLite's integrity check.`,
      );
      break;
    }
    case "restore": {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      if (positionals.length !== 1) fail(`restore needs one file: npm run khma -- restore FILE (with Khma stopped)\n\n${USAGE}`);
      const result = await restoreDatabase(positionals[0] as string, env.DATABASE_PATH);
      const applied = result.migrationsApplied === 1 ? "1 newer migration" : `${result.migrationsApplied} newer migrations`;
      console.log(`Restored ${result.file} to ${result.target} (${megabytes(result.bytes)}) and applied ${applied}. Khma can be started again.`);
      break;
    }
    case "purge":
      getDb();
      console.log(`Purged ${describePurge(purge())}.`);
      break;
    default:
      console.log(USAGE);
      process.exit(command && command !== "help" && command !== "--help" ? 2 : 0);
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
