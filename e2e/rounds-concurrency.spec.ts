// Ballots under load, over real HTTP against the running server: one account sending the same
// ballot 200 times at once still has one ballot, and 1,000 accounts voting at once are all counted.
import type { APIResponse, PlaywrightWorkerArgs } from "@playwright/test";
import Database from "better-sqlite3";
import crypto from "node:crypto";
import { E2E_DATABASE, expect, readDatabase, sessionIdFor, signedSessionCookie, test } from "./utils";

const DAY = 86_400_000;

/** Writes to the e2e database beside the running server (WAL; waits for the server's writes). */
function writeDatabase<T>(write: (db: Database.Database) => T): T {
  const db = new Database(E2E_DATABASE, { fileMustExist: true });
  db.pragma("busy_timeout = 10000");
  db.pragma("foreign_keys = ON");
  try {
    return db.transaction(() => write(db))();
  } finally {
    db.close();
  }
}

/** A fresh published approval round (choose up to 2 of 3) open from a minute ago, results live. */
function createOpenRound(name: string): { roundId: number; options: number[] } {
  return writeDatabase((db) => {
    const now = Date.now();
    const title = JSON.stringify({ ka: `დატვირთვის ტესტი: ${name}`, en: `Load test: ${name}`, az: `Yük testi: ${name}`, ru: `Нагрузочный тест: ${name}` });
    const roundId = Number(
      db
        .prepare(
          `insert into rounds (title, description, method, max_choices, opens_at, closes_at, eligibility, results_shown, published)
           values (?, '{}', 'approval', 2, ?, ?, 'residents', 'live', 1)`,
        )
        .run(title, now - 60_000, now + DAY).lastInsertRowid,
    );
    const options = ["ა", "ბ", "გ"].map((letter, position) =>
      Number(
        db
          .prepare("insert into round_options (round_id, title, description, position) values (?, ?, '{}', ?)")
          .run(roundId, JSON.stringify({ ka: `ვარიანტი ${letter}`, en: `Option ${position + 1}` }), position).lastInsertRowid,
      ),
    );
    return { roundId, options };
  });
}

const ballotBody = (optionIds: number[]) => optionIds.map((id) => `option=${id}`).join("&");

/** How the server answered, for a readable failure: status → count. */
function statuses(responses: APIResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status()] = (counts[r.status()] ?? 0) + 1;
  return counts;
}

/** A bare HTTP client from its own address, saying it comes from the site's pages. */
function newApi(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string, ip: string) {
  return playwright.request.newContext({
    baseURL,
    // The server refuses a POST whose Origin is another site (or missing).
    extraHTTPHeaders: { Origin: new URL(baseURL).origin, "X-Forwarded-For": ip },
  });
}

test("200 ballots sent at once by one signed-in account leave exactly one ballot", async ({ playwright, baseURL }) => {
  const { roundId, options } = createOpenRound(`one account ${Date.now()}`);
  const api = await newApi(playwright, baseURL!, "198.51.100.201");

  // A new resident registers over HTTP; the cookie jar of this request context keeps the session.
  const identifier = `racer.${Date.now()}@example.ge`;
  const join = await api.post("/join", {
    form: { displayName: "თამაზ სწრაფაძე", identifier, password: "a long enough password", consent: "on" },
    maxRedirects: 0,
  });
  expect(join.status()).toBe(302);
  expect(join.headers()["set-cookie"]).toContain("khma_session=");

  // Three different ballots, sent 200 times between them, all at the same moment.
  const ballots = [
    [options[0]!, options[1]!],
    [options[1]!, options[2]!],
    [options[0]!, options[2]!],
  ];
  const started = Date.now();
  const responses = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      api.post(`/rounds/${roundId}`, {
        data: ballotBody(ballots[i % 3]!),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        maxRedirects: 0,
      }),
    ),
  );
  test.info().annotations.push({ type: "timing", description: `200 simultaneous ballots answered in ${Date.now() - started} ms: ${JSON.stringify(statuses(responses))}` });

  // Each one is either saved (a redirect to the confirmation) or refused by the per-account limit.
  for (const r of responses) expect([302, 303, 429], `status ${r.status()}: ${JSON.stringify(statuses(responses))}`).toContain(r.status());
  const saved = responses.filter((r) => r.status() === 302 || r.status() === 303);
  expect(saved.length, JSON.stringify(statuses(responses))).toBeGreaterThanOrEqual(1);
  // ballotPerAccount in app/utils/rate-limit.server.ts: 30 in ten minutes.
  expect(saved.length, JSON.stringify(statuses(responses))).toBeLessThanOrEqual(30);
  for (const r of saved) expect(r.headers()["location"]).toBe(`/rounds/${roundId}/voted`);
  // A refused plain form POST (the page without JavaScript) says when to try again.
  for (const r of responses.filter((r) => r.status() === 429)) expect(Number(r.headers()["retry-after"])).toBeGreaterThan(0);
  const scripted = await api.post(`/rounds/${roundId}?_data=${encodeURIComponent("routes/rounds.$id")}`, {
    data: ballotBody(ballots[0]!),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    maxRedirects: 0,
  });
  expect(scripted.status()).toBe(429);
  expect(Number(scripted.headers()["retry-after"])).toBeGreaterThan(0);

  // In the database: one ballot for the account, and it says exactly one of the ballots sent (never a mix).
  const stored = readDatabase((db) => {
    const rows = db
      .prepare("select b.id as id from ballots b join users u on u.id = b.user_id where b.round_id = ? and u.email = ?")
      .all(roundId, identifier) as Array<{ id: number }>;
    const choices = rows.length
      ? (db.prepare("select option_id as option from ballot_choices where ballot_id = ? order by option_id").all(rows[0]!.id) as Array<{ option: number }>).map((c) => c.option)
      : [];
    const all = db.prepare("select count(*) as n from ballots where round_id = ?").get(roundId) as { n: number };
    return { ballots: rows.length, choices, all: all.n };
  });
  expect(stored.ballots).toBe(1);
  expect(stored.all).toBe(1);
  expect(ballots.map((b) => JSON.stringify([...b].sort((x, y) => x - y)))).toContain(JSON.stringify(stored.choices));

  // The results API (live for this round) counts it once. (A total under five is not published.)
  const results = await api.get(`/api/v1/rounds/${roundId}/results`);
  const counted = ((await results.json()) as { options: Array<{ id: number; ballots: number }> }).options;
  expect(new Map(counted.map((o) => [o.id, o.ballots]))).toEqual(new Map(options.map((id) => [id, stored.choices.includes(id) ? 1 : 0])));
  await api.dispose();
});

test("1,000 accounts voting at once are all counted", async ({ playwright, baseURL }) => {
  const { roundId, options } = createOpenRound(`a thousand voters ${Date.now()}`);
  const districts = readDatabase((db) => (db.prepare("select id from districts order by id").all() as Array<{ id: number }>).map((d) => d.id));
  expect(districts.length).toBeGreaterThan(0);

  // The accounts and their sessions go straight into the database, as sign-in would store them:
  // only the SHA-256 of each token is kept; the browser holds the signed token in khma_session.
  const stamp = Date.now();
  const voters = writeDatabase((db) => {
    const user = db.prepare("insert into users (display_name, email, password_hash, role, locale, district_id) values (?, ?, ?, 'resident', 'ka', ?)");
    const session = db.prepare("insert into sessions (id, user_id, expires_at) values (?, ?, ?)");
    return Array.from({ length: 1000 }, (_, i) => {
      const userId = Number(user.run(`ამომრჩეველი ${i}`, `voter.${stamp}.${i}@example.ge`, "no password: signed in by the test", districts[i % districts.length]).lastInsertRowid);
      const token = crypto.randomBytes(32).toString("base64url");
      session.run(sessionIdFor(token), userId, Date.now() + DAY);
      // Voter i chooses one or two options, so each option's count is known in advance.
      const choice = [[options[0]!], [options[1]!], [options[0]!, options[2]!], [options[1]!, options[2]!]][i % 4]!;
      return { userId, cookie: signedSessionCookie(token), choice };
    });
  });
  const before = readDatabase((db) => (db.prepare("select count(*) as n from ballots where round_id = ?").get(roundId) as { n: number }).n);

  // One signed-in page first: the cookie is accepted (the ballot form shows, not "sign in to vote").
  const api = await newApi(playwright, baseURL!, "198.51.100.202");
  const page = await api.get(`/rounds/${roundId}?lng=en`, { headers: { Cookie: voters[0]!.cookie } });
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain("Cast my ballot");

  // 1,000 POSTs, 100 in flight at any time.
  const answers: Array<{ status: number; location: string | undefined }> = new Array(voters.length);
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      for (let i = next++; i < voters.length; i = next++) {
        const voter = voters[i]!;
        const r = await api.post(`/rounds/${roundId}`, {
          data: ballotBody(voter.choice),
          headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: voter.cookie },
          maxRedirects: 0,
        });
        answers[i] = { status: r.status(), location: r.headers()["location"] };
      }
    }),
  );
  const took = Date.now() - started;
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  test.info().annotations.push({ type: "timing", description: `1,000 ballots (100 in flight) answered in ${took} ms: ${JSON.stringify(counts)}` });

  expect(answers.filter((a) => a.status >= 500), JSON.stringify(counts)).toEqual([]);
  // Every account votes once, so every ballot is saved and the voter sent to the confirmation.
  expect(counts, JSON.stringify(counts)).toEqual({ 302: 1000 });
  for (const a of answers) expect(a.location).toBe(`/rounds/${roundId}/voted`);

  const after = readDatabase((db) => ({
    ballots: (db.prepare("select count(*) as n from ballots where round_id = ?").get(roundId) as { n: number }).n,
    voters: (db.prepare("select count(distinct user_id) as n from ballots where round_id = ?").get(roundId) as { n: number }).n,
  }));
  expect(after.ballots - before).toBe(1000);
  expect(after.voters).toBe(1000);

  // The open data agrees: 1,000 ballots, each option counted as sent, every district's group shown.
  const results = await api.get(`/api/v1/rounds/${roundId}/results`);
  expect(results.status()).toBe(200);
  const data = (await results.json()) as {
    turnout: { total: number; byDistrict: Array<{ districtId: number | null; ballots: number | null }>; byChannel: Array<{ channel: string; ballots: number }> };
    options: Array<{ id: number; ballots: number }>;
  };
  expect(data.turnout.total).toBe(1000);
  expect(data.turnout.byChannel).toEqual([{ channel: "online", ballots: 1000 }]);
  expect(data.turnout.byDistrict.reduce((sum, d) => sum + (d.ballots ?? 0), 0)).toBe(1000);
  const expected = new Map(options.map((id) => [id, voters.filter((v) => v.choice.includes(id)).length]));
  expect(new Map(data.options.map((o) => [o.id, o.ballots]))).toEqual(expected);
  await api.dispose();
});
