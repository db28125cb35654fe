import { describe, expect, it } from "vitest";
import { changeStatus, createIdea } from "./ideas.server";
import { listDistricts, listGoals } from "./municipality.server";
import { addMeasureUpdate, createMeasure, decidedIdeas, getMeasure, goalInput, linkInput, listPlan, measuresOfIdeas, unlinkInput } from "./plan.server";
import { createUser } from "./users.server";

let n = 0;
function person(): number {
  n += 1;
  return createUser({ displayName: `Planner ${n}`, identifier: { kind: "email", value: `planner${n}@plan.test` }, passwordHash: "x" })!.id;
}
const measure = { title: { ka: "ველობილიკები" }, description: {}, department: {}, status: "planned" as const, progress: 0, startsOn: "2027-01-01", endsOn: "2028-12-31" };

describe("the plan", () => {
  it("keeps measures under their goal and reports progress with a note", () => {
    const staff = person();
    const goal = listGoals()[1]!;
    const id = createMeasure(goal.id, measure, staff);
    expect(addMeasureUpdate(id, { body: { ka: "დაიწყო" }, status: "in_progress", progress: 20 }, staff)).toBe(true);
    const m = getMeasure(id)!;
    expect(m).toMatchObject({ status: "in_progress", progress: 20 });
    expect(m.updates.map((u) => u.body.ka)).toEqual(["დაიწყო"]);
    expect(listPlan().find((g) => g.id === goal.id)!.measures.map((x) => x.id)).toContain(id);
  });

  it("links only public input, once, to a measure of the same goal", () => {
    const staff = person();
    const [goal, other] = listGoals();
    const author = person();
    const idea = createIdea({ authorId: author, title: "ველობილიკი სანაპიროზე", description: "მტკვრის სანაპიროზე ველობილიკი გაკეთდეს, ძალიან საჭიროა.", goalId: goal!.id, districtId: listDistricts()[0]!.id, moderation: "pre" });
    const m = createMeasure(goal!.id, measure, staff);
    // Still waiting for moderation: not public, cannot be linked.
    expect(linkInput({ kind: "idea", targetId: idea, goalId: goal!.id, measureId: m }, staff)).toBe("notFound");
    changeStatus({ ideaId: idea, actorId: staff, to: "published" });
    expect(linkInput({ kind: "idea", targetId: idea, goalId: other!.id, measureId: m }, staff)).toBe("notFound");
    expect(linkInput({ kind: "idea", targetId: idea, goalId: goal!.id, measureId: m }, staff)).toBe("linked");
    expect(linkInput({ kind: "idea", targetId: idea, goalId: goal!.id, measureId: m }, staff)).toBe("exists");
    expect(linkInput({ kind: "idea", targetId: idea, goalId: goal!.id, measureId: null }, staff)).toBe("linked");
    expect(linkInput({ kind: "idea", targetId: idea, goalId: goal!.id, measureId: null }, staff)).toBe("exists");
    const links = goalInput(goal!.id).links.filter((l) => l.targetId === idea);
    expect(links).toHaveLength(2);
    expect(unlinkInput(links[1]!.id, staff)).toBe(true);
    expect(goalInput(goal!.id).ideas.map((i) => i.id)).toContain(idea);
  });

  it("'you said, we did' lists taken-up ideas with the measure they went to, newest first", () => {
    const staff = person();
    const goal = listGoals()[2]!;
    const district = listDistricts()[3]!;
    const ids = [0, 1].map((k) => createIdea({ authorId: person(), title: `სუფთა ჰაერი ${k}`, description: "ქარხნის მახლობლად ჰაერის ხარისხი უნდა გაიზომოს ყოველდღე.", goalId: goal.id, districtId: district.id, moderation: "post" }));
    changeStatus({ ideaId: ids[0]!, actorId: staff, to: "accepted", answer: "მიღებულია", now: Date.now() + 1000 });
    changeStatus({ ideaId: ids[1]!, actorId: staff, to: "accepted", answer: "ესეც მიღებულია", now: Date.now() + 2000 });
    const m = createMeasure(goal.id, measure, staff);
    linkInput({ kind: "idea", targetId: ids[0]!, goalId: goal.id, measureId: m }, staff);
    const decided = decidedIdeas({ goalId: goal.id, districtId: district.id });
    expect(decided.map((i) => i.id)).toEqual([ids[1], ids[0]]);
    expect(decided[0]!.answer).toBe("ესეც მიღებულია");
    expect(measuresOfIdeas(ids).map((x) => [x.ideaId, x.measureId])).toEqual([[ids[0], m]]);
    expect(decidedIdeas({ goalId: goal.id, districtId: listDistricts()[4]!.id })).toEqual([]);
  });
});
