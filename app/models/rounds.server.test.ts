import { describe, expect, it } from "vitest";
import { listDistricts } from "./municipality.server";
import { castBallot, createRound, enterPaperBallot, getOwnBallot, getRound, optionTotals, turnout } from "./rounds.server";
import { createUser } from "./users.server";
import { getDb } from "~/utils/db.server";

let n = 0;
function resident(): number {
  n += 1;
  return createUser({ displayName: `Voter ${n}`, identifier: { kind: "email", value: `voter${n}@rounds.test` }, passwordHash: "x" })!.id;
}

function newRound(method: "approval" | "ranked" | "budget" = "approval") {
  return createRound({
    title: { ka: "პრიორიტეტები", en: "Priorities" },
    description: { ka: "აირჩიეთ სამი", en: "Choose three" },
    method,
    maxChoices: 3,
    budget: method === "budget" ? 500_000 : null,
    budgetRule: method === "budget" ? "mes" : null,
    opensAt: new Date("2026-12-01T08:00:00Z"),
    closesAt: new Date("2026-12-15T20:00:00Z"),
    options: ["პარკები", "ტრანსპორტი", "ჰაერი", "სამუშაო"].map((ka, i) => ({ title: { ka }, description: { ka }, cost: method === "budget" ? 100_000 * (i + 1) : null })),
  });
}

describe("ballots", () => {
  it("one account submitting 200 times leaves exactly one ballot, holding the last choice", () => {
    const roundId = newRound();
    const [a, b, c] = getRound(roundId)!.options;
    const voter = resident();
    for (let i = 0; i < 200; i++) castBallot({ roundId, userId: voter, districtId: null, choices: [{ optionId: i % 2 ? a!.id : b!.id }, { optionId: c!.id }] });
    expect(turnout(roundId).total).toBe(1);
    expect(getOwnBallot(roundId, voter)).toEqual(expect.arrayContaining([{ optionId: a!.id }, { optionId: c!.id }]));
    expect(getOwnBallot(roundId, voter)).toHaveLength(2);
  });

  it("the database itself refuses a second ballot row for the same account and round", () => {
    const roundId = newRound();
    const voter = resident();
    castBallot({ roundId, userId: voter, districtId: null, choices: [] });
    expect(() => getDb().$client.prepare("insert into ballots (round_id, user_id, channel) values (?, ?, 'online')").run(roundId, voter)).toThrow(/UNIQUE/);
  });

  it("a thousand accounts voting are all counted, and totals come from SQL", () => {
    const roundId = newRound();
    const [a, b] = getRound(roundId)!.options;
    const districts = listDistricts();
    for (let i = 0; i < 1000; i++) {
      castBallot({ roundId, userId: resident(), districtId: districts[i % 3]!.id, choices: i % 4 === 0 ? [{ optionId: a!.id }, { optionId: b!.id }] : [{ optionId: a!.id }] });
    }
    const totals = optionTotals(roundId, 3);
    expect(totals.find((t) => t.optionId === a!.id)?.ballots).toBe(1000);
    expect(totals.find((t) => t.optionId === b!.id)?.ballots).toBe(250);
    const { total, byDistrict } = turnout(roundId);
    expect(total).toBe(1000);
    expect(byDistrict.reduce((s, d) => s + d.ballots, 0)).toBe(1000);
  });

  it("Borda points and first preferences for ranked ballots", () => {
    const roundId = newRound("ranked");
    const [a, b, c] = getRound(roundId)!.options;
    castBallot({ roundId, userId: resident(), districtId: null, choices: [{ optionId: a!.id, rank: 1 }, { optionId: b!.id, rank: 2 }, { optionId: c!.id, rank: 3 }] });
    castBallot({ roundId, userId: resident(), districtId: null, choices: [{ optionId: b!.id, rank: 1 }, { optionId: a!.id, rank: 2 }] });
    const totals = new Map(optionTotals(roundId, 3).map((t) => [t.optionId, t]));
    expect(totals.get(a!.id)).toMatchObject({ borda: 3 + 2, first: 1 });
    expect(totals.get(b!.id)).toMatchObject({ borda: 2 + 3, first: 1 });
    expect(totals.get(c!.id)).toMatchObject({ borda: 1, first: 0 });
  });

  it("paper ballots record who entered them and count in the turnout by channel", () => {
    const roundId = newRound();
    const [a] = getRound(roundId)!.options;
    const staff = resident();
    enterPaperBallot({ roundId, enteredBy: staff, districtId: null, choices: [{ optionId: a!.id }] });
    enterPaperBallot({ roundId, enteredBy: staff, districtId: null, choices: [{ optionId: a!.id }] });
    castBallot({ roundId, userId: resident(), districtId: null, choices: [{ optionId: a!.id }] });
    expect(turnout(roundId).byChannel).toEqual(expect.arrayContaining([{ channel: "paper", ballots: 2 }, { channel: "online", ballots: 1 }]));
    expect(() => getDb().$client.prepare("insert into ballots (round_id, channel) values (?, 'paper')").run(roundId)).toThrow(/CHECK/);
  });

  it("a round must close after it opens", () => {
    expect(() =>
      createRound({ title: { ka: "x" }, description: { ka: "x" }, method: "approval", opensAt: new Date(2), closesAt: new Date(1), options: [] }),
    ).toThrow(/CHECK/);
  });
});
