// Seeds an empty database with a municipality. Runs at start-up and from `npm run khma -- seed`.
import { eq } from "drizzle-orm";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { hashPassword } from "~/utils/password.server";
import * as schema from "../schema";
import * as rustavi from "./rustavi";

type Db = BetterSQLite3Database<typeof schema>;

/**
 * Returns true when it seeded, false when the database already had a municipality.
 * `demoIdeas` adds a few ideas by the demo residents (for `npm start`, not for tests).
 */
export async function seedIfEmpty(db: Db, { demoAccounts, demoIdeas = false }: { demoAccounts: boolean; demoIdeas?: boolean }): Promise<boolean> {
  if (db.select({ id: schema.municipality.id }).from(schema.municipality).get()) return false;
  // Hash before the transaction: better-sqlite3 transactions are synchronous.
  const accounts = demoAccounts
    ? await Promise.all(rustavi.demoAccounts.map(async (a) => ({ ...a, passwordHash: await hashPassword(a.password) })))
    : [];
  return db.transaction((tx) => {
    if (tx.select({ id: schema.municipality.id }).from(schema.municipality).get()) return false;
    tx.insert(schema.municipality).values(rustavi.municipality).run();
    const districtIds = new Map<string, number>();
    rustavi.districts.forEach((d, position) => {
      const { id } = tx.insert(schema.districts).values({ ...d, position }).returning({ id: schema.districts.id }).get();
      districtIds.set(d.slug, id);
    });
    rustavi.goals.forEach((g, position) => tx.insert(schema.goals).values({ ...g, position }).run());
    const userIds = new Map<string, number>();
    for (const a of accounts) {
      const { id } = tx.insert(schema.users)
        .values({
          displayName: a.displayName,
          email: "email" in a ? a.email : null,
          phone: "phone" in a ? a.phone : null,
          passwordHash: a.passwordHash,
          role: a.role,
          districtId: a.district ? districtIds.get(a.district) : null,
        })
        .returning({ id: schema.users.id })
        .get();
      userIds.set("email" in a ? a.email : a.phone, id);
    }
    if (demoAccounts && demoIdeas) {
      const goalIds = new Map(tx.select({ id: schema.goals.id, slug: schema.goals.slug }).from(schema.goals).all().map((g) => [g.slug, g.id]));
      const moderatorId = userIds.get("moderator@khma.test") ?? null;
      for (const idea of rustavi.demoIdeas) {
        const authorId = userIds.get(idea.author)!;
        const { id } = tx
          .insert(schema.ideas)
          .values({
            authorId,
            title: idea.title,
            description: idea.description,
            goalId: goalIds.get(idea.goal)!,
            districtId: districtIds.get(idea.district)!,
            status: idea.status,
            publishedAt: new Date(),
          })
          .returning({ id: schema.ideas.id })
          .get();
        tx.insert(schema.ideaEvents).values({ ideaId: id, actorId: authorId, kind: "status", toStatus: "submitted" }).run();
        tx.insert(schema.ideaEvents).values({ ideaId: id, actorId: moderatorId, kind: "status", fromStatus: "submitted", toStatus: "published" }).run();
        if (idea.status !== "published") {
          tx.insert(schema.ideaEvents).values({ ideaId: id, actorId: moderatorId, kind: "status", fromStatus: "published", toStatus: idea.status, answer: idea.answer }).run();
        }
        for (const supporter of idea.supporters) {
          tx.insert(schema.supports).values({ ideaId: id, userId: userIds.get(supporter)! }).run();
        }
      }
      seedDemoRounds(tx, { goalIds, districtIds: [...districtIds.values()], adminId: userIds.get("admin@khma.test")! });
      seedDemoSurveys(tx, { districtIds: [...districtIds.values()], adminId: userIds.get("admin@khma.test")! });
      seedDemoPlan(tx, { goalIds, adminId: userIds.get("admin@khma.test")! });
    }
    return true;
  });
}

const DAY = 86_400_000;

function seedDemoRounds(tx: Pick<Db, "insert">, { goalIds, districtIds, adminId }: { goalIds: Map<string, number>; districtIds: number[]; adminId: number }) {
  const now = Date.now();
  const { priorities, budget, closed } = rustavi.demoRounds;
  const round = (values: typeof schema.rounds.$inferInsert) => tx.insert(schema.rounds).values(values).returning({ id: schema.rounds.id }).get().id;
  const option = (values: typeof schema.roundOptions.$inferInsert) => tx.insert(schema.roundOptions).values(values).returning({ id: schema.roundOptions.id }).get().id;

  const open = { opensAt: new Date(now - DAY), closesAt: new Date(now + 30 * DAY), published: true };
  const prioritiesId = round({ ...priorities, ...open, method: "approval", maxChoices: 3, resultsShown: "live" });
  rustavi.goals.forEach((g, position) => option({ roundId: prioritiesId, title: g.title, description: g.description, goalId: goalIds.get(g.slug)!, position }));

  const budgetId = round({ ...budget, ...open, method: "budget", budget: 500_000, budgetRule: "mes" });
  budget.projects.forEach((p, position) => option({ roundId: budgetId, title: p.title, description: {}, cost: p.cost, goalId: goalIds.get(p.goal)!, position }));

  // A closed vote with 60 paper ballots, so that a results page has something to show.
  const closedId = round({ ...closed, method: "ranked", maxChoices: 3, opensAt: new Date(now - 60 * DAY), closesAt: new Date(now - 30 * DAY), published: true });
  const ids = closed.options.map((o, position) => option({ roundId: closedId, title: o.title, description: {}, position }));
  for (let i = 0; i < 60; i++) {
    // Most ballots from two districts, a few from a third: its group is under five, so it is hidden.
    const districtId = districtIds[i < 30 ? 1 : i < 57 ? 0 : 2]!;
    const { id } = tx.insert(schema.ballots).values({ roundId: closedId, channel: "paper", enteredBy: adminId, districtId }).returning({ id: schema.ballots.id }).get();
    const order = [i % 4, (i + 1 + (i % 3)) % 4, (i + 2 + (i % 2)) % 4].filter((v, k, all) => all.indexOf(v) === k);
    order.forEach((o, rank) => tx.insert(schema.ballotChoices).values({ ballotId: id, optionId: ids[o]!, rank: rank + 1 }).run());
  }
}

function seedDemoSurveys(tx: Pick<Db, "insert">, { districtIds, adminId }: { districtIds: number[]; adminId: number }) {
  const now = Date.now();
  for (const demo of rustavi.demoSurveys) {
    const { id } = tx
      .insert(schema.surveys)
      .values({
        title: demo.title,
        description: demo.description,
        opensAt: new Date(now - (demo.open ? 1 : 60) * DAY),
        closesAt: new Date(now + (demo.open ? 30 : -30) * DAY),
        audience: "residents",
        anonymous: true,
        onePerPerson: true,
        demographics: demo.demographics,
        publicCrosstabs: !demo.open,
        published: true,
      })
      .returning({ id: schema.surveys.id })
      .get();
    const section = tx.insert(schema.surveySections).values({ surveyId: id, title: {}, position: 0 }).returning({ id: schema.surveySections.id }).get().id;
    const questions = demo.questions.map((q, position) => {
      const qid = tx
        .insert(schema.surveyQuestions)
        .values({ surveyId: id, sectionId: section, position, type: q.type, text: q.text, help: {}, required: Boolean(q.required), settings: q.settings ?? {}, condition: null })
        .returning({ id: schema.surveyQuestions.id })
        .get().id;
      const options = (q.options ?? []).map((label, i) => tx.insert(schema.surveyOptions).values({ questionId: qid, label, position: i }).returning({ id: schema.surveyOptions.id }).get().id);
      return { id: qid, type: q.type, options };
    });
    if (demo.open) continue;
    // 40 paper questionnaires for the closed survey: most from two districts, three from a third.
    const day = new Date(now - 40 * DAY).toISOString().slice(0, 10);
    for (let i = 0; i < 40; i++) {
      const responseId = tx
        .insert(schema.surveyResponses)
        .values({ surveyId: id, channel: "paper", enteredBy: adminId, day, ageBand: ["25-34", "35-44", "55-64"][i % 3], gender: i % 2 ? "female" : "male", districtId: districtIds[i < 20 ? 1 : i < 37 ? 0 : 2] })
        .returning({ id: schema.surveyResponses.id })
        .get().id;
      for (const q of questions) {
        if (q.type === "single") tx.insert(schema.surveyAnswers).values({ responseId, questionId: q.id, optionId: q.options[i % 3 === 0 ? 0 : i % 3 === 1 ? 1 : 2] }).run();
        if (q.type === "matrix") q.options.forEach((row, r) => tx.insert(schema.surveyAnswers).values({ responseId, questionId: q.id, rowId: row, num: 1 + ((i + r) % 5) }).run());
      }
    }
  }
}

function seedDemoPlan(tx: Pick<Db, "insert" | "select">, { goalIds, adminId }: { goalIds: Map<string, number>; adminId: number }) {
  rustavi.demoMeasures.forEach((m, position) => {
    const goalId = goalIds.get(m.goal)!;
    const { id } = tx
      .insert(schema.measures)
      .values({ goalId, title: m.title, description: {}, department: m.department, status: m.status, progress: m.progress, startsOn: m.startsOn, endsOn: m.endsOn, position })
      .returning({ id: schema.measures.id })
      .get();
    tx.insert(schema.measureUpdates).values({ measureId: id, authorId: adminId, body: m.update, status: m.status, progress: m.progress }).run();
    if (m.linkIdea) {
      const idea = tx.select({ id: schema.ideas.id }).from(schema.ideas).where(eq(schema.ideas.title, m.linkIdea)).get();
      if (idea) tx.insert(schema.planLinks).values({ goalId, measureId: id, kind: "idea", targetId: idea.id, createdBy: adminId }).run();
    }
  });
}
