// Who may do what (issue 7, "Authorisation"): every route module in app/routes, its loader and its
// action, and what each of five people gets back. app/routes/authz.test.ts walks the whole table
// and fails when a route, a loader or an action has no row, or a row names one that is gone.
//
// The statuses are those the product should give (README, "Accounts and security"): /hub is for
// moderators and admins, /hub/staff and /hub/outbox for admins; anonymous visitors are sent to
// sign in (302 to /login?redirectTo=…) wherever an account is needed, and residents get 403 in
// the hub; what is not yet public (drafts, ideas waiting for moderation, removed ideas' photos) is
// a 404 to everyone but its author and staff; the open-data API and the public pages are for
// everyone. Loaders are called with GET, actions with POST (a browser's form, with its Origin).
//
// A refused request (sign in, 403, a 404 that hides something others can see, or a redirect
// marked `sentBack`) must change nothing in the database; an allowed action must add a row to
// each table in `writes`. Rows that change data build fresh fixtures (`f.fresh`) for every call,
// so no row depends on another's changes and the order of the table does not matter.

export const ROLES = ["anonymous", "resident", "verified", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];
export type SignedInRole = Exclude<Role, "anonymous">;

/** 302 to /login?redirectTo=<the path asked for>: sign in first. */
export const LOGIN = "login";

/** A redirect; `{name}` in the location is the route param of that name, a final `*` matches any ending. */
export type Redirect = { status: 302; location: string; refused: boolean };
/** A redirect the route gives when it lets the person through (a vote cast, a form saved, "you are signed in already"). */
export const to = (location: string): Redirect => ({ status: 302, location, refused: false });
/** A redirect that refuses: sent back to a page they may see instead. Nothing may change. */
export const sentBack = (location: string): Redirect => ({ status: 302, location, refused: true });

export type Outcome = number | typeof LOGIN | Redirect;
/** One outcome a role, in the order of ROLES: anonymous, resident, verified resident, moderator, admin. */
export type Expected = readonly [anonymous: Outcome, resident: Outcome, verified: Outcome, moderator: Outcome, admin: Outcome];

export type FormFields = Record<string, string | string[]>;
export type Req = {
  /** Path and query, with real ids. */
  path: string;
  /** The route params Remix would pass (the `$id` parts of the file name). */
  params?: Record<string, string>;
  /** An action's form: fields (sent URL-encoded) or a FormData (sent as multipart, for files). */
  body?: FormFields | FormData;
};

export type Row = {
  /** What this row is about, when a function has several (e.g. "a draft round"). */
  name?: string;
  /** The request, built afresh for every role (fresh fixtures are made here). */
  request: (f: Fixtures) => Req;
  expect: Expected;
  /** Tables an allowed call adds a row to (checked); a refused call must leave every table alone. */
  writes?: readonly string[];
  /** Why a status may look odd. */
  note?: string;
};

export type Entry = { loader?: readonly Row[]; action?: readonly Row[] };

/** What the test makes before walking the table (ids in its own copy of the seeded database). */
export type Fixtures = {
  users: Record<SignedInRole, number>;
  goal: number;
  district: number;
  measure: number;
  /** An account with a known password, for the sign-in form. */
  login: { identifier: string; password: string };
  ideas: {
    /** Published, by a third resident (neither the resident nor the verified resident). */
    published: number;
    publishedWithPhoto: number;
    /** The resident's, with a photo, removed by a moderator. */
    hiddenWithPhoto: number;
    /** The resident's, waiting for moderation. */
    submitted: number;
    /** The resident's, sent back by a moderator for changes. */
    changesRequested: number;
  };
  rounds: {
    /** Not published; its first option has a photo. */
    draft: { id: number; option: number; photoOption: number };
    /** Published and open to any signed-in resident, results after closing; its first option has a photo. */
    open: { id: number; photoOption: number };
    /** Open, and every signed-in role has voted in it. */
    voted: { id: number };
    /** A closed participatory budget with five paper ballots (its results and .pb file are public). */
    closedBudget: { id: number };
  };
  surveys: {
    /** Not published, one question. */
    draft: { id: number; question: number };
    /** Published, open to anyone (no account needed), with the "about you" page. */
    open: { id: number };
    /** Published, open to signed-in residents. */
    residents: { id: number };
    /** Published, open to verified residents only, with the "about you" page. */
    verified: { id: number };
    /** Published and closed, with one response and its free-text answer. */
    closed: { id: number; textAnswer: number };
  };
  /** A time `days` from now as the hub's forms take it (local time, "YYYY-MM-DDTHH:mm"). */
  localTime: (days: number) => string;
  fresh: {
    /** A published idea by a third resident. */
    publishedIdea: () => number;
    /** The resident's idea, waiting for moderation. */
    submittedIdea: () => number;
    /** The resident's idea, sent back for changes. */
    changesRequestedIdea: () => number;
    /** A published idea by a third resident, removed by a moderator. */
    hiddenIdea: () => number;
    /** A draft round with two options. */
    draftRound: () => { id: number; option: number };
    /** A published, open approval round (choose 1) with two options. */
    openRound: (eligibility: "residents" | "verified") => { id: number; option: number };
    /** A published, open survey with one page and one single-choice question ("კი" / "არა"). */
    survey: (audience: "anyone" | "residents" | "verified", options?: { demographics?: boolean }) => { id: number; question: number; option: number };
    /** A draft survey with an empty first page. */
    draftSurvey: () => { id: number; section: number };
    /** A consent the resident gave (and has not withdrawn). */
    residentConsent: () => number;
    /** A new resident account, not verified. */
    resident: () => number;
    /** An e-mail address nobody has used. */
    email: () => string;
  };
};

// ─── Who gets what, in the order of ROLES ───────────────────────────────────────────────

/** Everyone, with or without an account. */
const PUBLIC: Expected = [200, 200, 200, 200, 200];
/** Anyone signed in; anonymous visitors sign in first. */
const SIGNED_IN: Expected = [LOGIN, 200, 200, 200, 200];
/** Moderators and admins; anonymous visitors sign in, residents get 403. */
const STAFF: Expected = [LOGIN, 403, 403, 200, 200];
/** Admins only. */
const ADMIN: Expected = [LOGIN, 403, 403, 403, 200];
/** Not public yet: staff see a preview, everyone else a 404 (it does not exist for them). */
const STAFF_PREVIEW: Expected = [404, 404, 404, 200, 200];
/** Nobody: the address does not exist (or the API never shows it, not even to staff). */
const NOBODY: Expected = [404, 404, 404, 404, 404];
/** The resident's own idea: the author and staff, a 404 to anyone else. */
const AUTHOR_AND_STAFF: Expected = [404, 200, 404, 200, 200];
/** Signed-in people are sent on to /me; the sign-in and join pages are for anonymous visitors. */
const ANONYMOUS_PAGE: Expected = [200, to("/me"), to("/me"), to("/me"), to("/me")];

/** An action staff may take that answers 200 (the hub's forms answer with JSON). */
const STAFF_ACTION = STAFF;
/** An action staff may take that redirects to the new or changed thing. */
const staffRedirect = (location: string): Expected => [LOGIN, 403, 403, to(location), to(location)];

// ─── Requests ───────────────────────────────────────────────────────────────────────────

const get = (path: string, params: Record<string, string> = {}): Req => ({ path, params });
const post = (path: string, body: FormFields | FormData, params: Record<string, string> = {}): Req => ({ path, params, body });
const id = (n: number) => ({ id: String(n) });

/** Form fields as the browser sends them: nested names with dots, empty inputs as "". */
function fields(values: Record<string, unknown>, prefix = ""): FormFields {
  const out: FormFields = {};
  for (const [key, value] of Object.entries(values)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) out[name] = value.map(String);
    else if (typeof value === "object") Object.assign(out, fields(value as Record<string, unknown>, name));
    else out[name] = String(value);
  }
  return out;
}

const translated = (ka: string) => ({ ka, en: "", az: "", ru: "" });

/** The new-round form: an approval round next month. */
const roundSettingsForm = (f: Fixtures) =>
  fields({
    title: translated("ავტორიზაციის კენჭისყრა"),
    description: translated("აირჩიეთ ერთი"),
    method: "approval",
    maxChoices: "1",
    pointsTotal: "",
    pointsPerOption: "",
    budget: "",
    budgetRule: "",
    opensAt: f.localTime(30),
    closesAt: f.localTime(44),
    eligibility: "residents",
    resultsShown: "after",
  });

const optionForm = (title: string) => fields({ title: translated(title), description: translated(`${title}: აღწერა`), cost: "", goalId: "", ideas: "" });

/** The survey settings form (an unticked box sends nothing). */
const surveySettingsForm = (f: Fixtures) =>
  fields({ title: translated("ავტორიზაციის გამოკითხვა"), description: translated(""), opensAt: f.localTime(-1), closesAt: f.localTime(5), audience: "residents", onePerPerson: "on" });

const questionForm = fields({
  type: "single",
  text: translated("მოგწონთ?"),
  help: translated(""),
  options: { ka: "კი\r\nარა", en: "", az: "", ru: "" },
  maxChoices: "",
  scale: "1-5",
  minLabel: translated(""),
  maxLabel: translated(""),
  min: "",
  max: "",
  conditionQuestion: "",
});

const measureForm = fields({
  title: translated("ველობილიკი სადგურამდე"),
  description: translated(""),
  department: translated("ტრანსპორტის სამსახური"),
  status: "planned",
  progress: "0",
  startsOn: "2027-03-01",
  endsOn: "2028-10-31",
});

const IDEA_TEXT = { title: "სკამები ბულვარზე", description: "ბულვარზე საკმარისი სკამები არ არის, ხანდაზმულებს დასვენება უჭირთ." };

/** A Pabulib file as the hub's import takes it. */
function pabulibFile(): FormData {
  const text = ["META", "key;value", "description;იმპორტი", "budget;1000", "vote_type;approval", "rule;greedy", "PROJECTS", "project_id;cost;name", "p1;600;პარკი", "p2;300;სკვერი", "VOTES", "voter_id;vote", "a;p1,p2", "b;p1"].join("\n");
  const data = new FormData();
  data.append("file", new File([text], "round.pb", { type: "application/octet-stream" }));
  return data;
}

/** A CSV in the survey export's layout (a column `q<question id>`): one response answering "კი". */
function responsesCsv(question: number): FormData {
  const data = new FormData();
  data.append("file", new File([`q${question}\nკი\n`], "responses.csv", { type: "text/csv" }));
  return data;
}

// ─── The table ──────────────────────────────────────────────────────────────────────────

export const AUTHZ: Record<string, Entry> = {
  // ── Public pages ──
  "$.tsx": { loader: [{ request: () => get("/no-such-page"), expect: NOBODY, note: "every unknown address is a 404 page" }] },
  "_index.tsx": { loader: [{ request: () => get("/"), expect: PUBLIC }] },
  "privacy.tsx": { loader: [{ request: () => get("/privacy"), expect: PUBLIC }] },
  "healthz.ts": { loader: [{ request: () => get("/healthz"), expect: PUBLIC }] },
  "manifest[.]webmanifest.ts": { loader: [{ request: () => get("/manifest.webmanifest"), expect: PUBLIC }] },
  "plan._index.tsx": { loader: [{ request: () => get("/plan"), expect: PUBLIC }] },
  "plan.$goalId.tsx": { loader: [{ request: (f) => get(`/plan/${f.goal}`, { goalId: String(f.goal) }), expect: PUBLIC }] },
  "plan.report.tsx": { loader: [{ request: () => get("/plan/report"), expect: PUBLIC }] },
  "results._index.tsx": { loader: [{ request: () => get("/results"), expect: PUBLIC }] },

  // ── Accounts ──
  "join.tsx": {
    loader: [{ request: () => get("/join"), expect: ANONYMOUS_PAGE }],
    action: [
      {
        request: (f) => post("/join", { displayName: "Authz Person", identifier: f.fresh.email(), password: "a long enough password", consent: "on" }),
        expect: [to("/me"), sentBack("/me"), sentBack("/me"), sentBack("/me"), sentBack("/me")],
        writes: ["users", "consents", "sessions"],
        note: "registration is open to visitors: they get a new account and are signed in to it; someone signed in already is sent to /me and no second account is made",
      },
    ],
  },
  "login.tsx": {
    loader: [{ request: () => get("/login"), expect: ANONYMOUS_PAGE }],
    action: [
      {
        request: (f) => post("/login", { identifier: f.login.identifier, password: f.login.password, redirectTo: "/me" }),
        expect: [to("/me"), to("/me"), to("/me"), to("/me"), to("/me")],
        writes: ["sessions"],
      },
    ],
  },
  "logout.tsx": {
    loader: [{ request: () => get("/logout"), expect: SIGNED_IN }],
    action: [{ request: () => post("/logout", {}), expect: [to("/login?signedOut=1"), to("/login?signedOut=1"), to("/login?signedOut=1"), to("/login?signedOut=1"), to("/login?signedOut=1")] }],
  },
  "reset.tsx": {
    loader: [{ request: () => get("/reset"), expect: PUBLIC }],
    action: [
      {
        request: (f) => post("/reset", { intent: "request", identifier: f.fresh.email() }),
        expect: PUBLIC,
        note: "an unknown address gets the same answer as a known one",
      },
    ],
  },
  "me.tsx": {
    loader: [{ request: () => get("/me"), expect: SIGNED_IN }],
    action: [{ request: () => post("/me", { intent: "read" }), expect: [LOGIN, to("/me"), to("/me"), to("/me"), to("/me")] }],
  },
  "me_.privacy.tsx": {
    loader: [{ request: () => get("/me/privacy"), expect: SIGNED_IN }],
    action: [
      {
        name: "withdrawing the resident's consent",
        request: (f) => post("/me/privacy", { intent: "withdraw", consent: String(f.fresh.residentConsent()) }),
        expect: [LOGIN, to("/me/privacy?withdrawn=1"), 404, 404, 404],
        note: "only one's own consent: anyone else's is a 404",
      },
      {
        name: "deleting the account without the password",
        request: () => post("/me/privacy", { intent: "delete" }),
        expect: [LOGIN, 400, 400, 403, 403],
        note: "residents get 400 (no password, no confirmation): the point is that staff accounts cannot be deleted here (403)",
      },
    ],
  },
  "me_.verify.tsx": {
    loader: [{ request: () => get("/me/verify"), expect: SIGNED_IN }],
    action: [
      {
        name: "a code that was never made",
        request: () => post("/me/verify", { code: "AAAA-BBBB-CCCC" }),
        expect: [LOGIN, 400, to("/me/verify"), 400, 400],
        note: "400 (no such code) once signed in: the point is that anonymous visitors sign in first; a verified resident is sent back to the page that says so (the code stays unused); staff cannot use codes",
      },
    ],
  },
  "me_.privacy[.]json.ts": { loader: [{ request: () => get("/me/privacy.json"), expect: SIGNED_IN }] },
  "me_.privacy_.data.tsx": { loader: [{ request: () => get("/me/privacy/data"), expect: SIGNED_IN }] },

  // ── Ideas ──
  "ideas._index.tsx": { loader: [{ request: () => get("/ideas"), expect: PUBLIC }] },
  "ideas.similar.ts": { loader: [{ request: () => get("/ideas/similar?q=სკამები"), expect: PUBLIC }] },
  "ideas.new.tsx": {
    loader: [{ request: () => get("/ideas/new"), expect: SIGNED_IN }],
    action: [
      {
        request: (f) => post("/ideas/new", { ...IDEA_TEXT, goalId: String(f.goal), districtId: String(f.district), consent: "on" }),
        expect: [LOGIN, to("/ideas/*"), to("/ideas/*"), to("/ideas/*"), to("/ideas/*")],
        writes: ["ideas", "idea_events"],
      },
    ],
  },
  "ideas.$id.tsx": {
    loader: [
      { name: "a published idea", request: (f) => get(`/ideas/${f.ideas.published}`, id(f.ideas.published)), expect: PUBLIC },
      { name: "the resident's idea waiting for moderation", request: (f) => get(`/ideas/${f.ideas.submitted}`, id(f.ideas.submitted)), expect: AUTHOR_AND_STAFF },
      {
        name: "a removed idea",
        request: (f) => get(`/ideas/${f.ideas.hiddenWithPhoto}`, id(f.ideas.hiddenWithPhoto)),
        expect: PUBLIC,
        note: "a removed idea keeps its address and shows only the reason (its content to the author and staff)",
      },
    ],
    action: [
      {
        name: "supporting a published idea",
        request: (f) => {
          const idea = f.fresh.publishedIdea();
          return post(`/ideas/${idea}`, { intent: "support" }, id(idea));
        },
        expect: [LOGIN, to("/ideas/{id}"), to("/ideas/{id}"), to("/ideas/{id}"), to("/ideas/{id}")],
        writes: ["supports"],
      },
      {
        name: "commenting on a published idea",
        request: (f) => {
          const idea = f.fresh.publishedIdea();
          return post(`/ideas/${idea}`, { intent: "comment", body: "კარგი იდეაა, მხარს ვუჭერ." }, id(idea));
        },
        expect: [LOGIN, to("/ideas/{id}#comment-*"), to("/ideas/{id}#comment-*"), to("/ideas/{id}#comment-*"), to("/ideas/{id}#comment-*")],
        writes: ["comments"],
      },
      {
        name: "reporting a published idea",
        request: (f) => {
          const idea = f.fresh.publishedIdea();
          return post(`/ideas/${idea}`, { intent: "report", reason: "spam" }, id(idea));
        },
        expect: [LOGIN, to("/ideas/{id}?reported=1"), to("/ideas/{id}?reported=1"), to("/ideas/{id}?reported=1"), to("/ideas/{id}?reported=1")],
        writes: ["reports"],
      },
      {
        name: "supporting a removed idea",
        request: (f) => {
          const idea = f.fresh.hiddenIdea();
          return post(`/ideas/${idea}`, { intent: "support" }, id(idea));
        },
        expect: [LOGIN, 403, 403, 403, 403],
        writes: ["supports"],
      },
    ],
  },
  "ideas.$id_.edit.tsx": {
    loader: [
      {
        name: "the resident's idea, sent back for changes",
        request: (f) => get(`/ideas/${f.ideas.changesRequested}/edit`, id(f.ideas.changesRequested)),
        expect: [LOGIN, 200, 404, 404, 404],
        note: "only the author edits their idea; staff correct it in the hub",
      },
    ],
    action: [
      {
        name: "the resident's idea, sent back for changes",
        request: (f) => {
          const idea = f.fresh.changesRequestedIdea();
          return post(`/ideas/${idea}/edit`, { ...IDEA_TEXT, goalId: String(f.goal), districtId: String(f.district) }, id(idea));
        },
        expect: [LOGIN, to("/ideas/{id}?submitted=1"), 404, 404, 404],
        writes: ["idea_events"],
      },
    ],
  },
  "ideas.$id.photo.ts": {
    loader: [
      { name: "a published idea's photo", request: (f) => get(`/ideas/${f.ideas.publishedWithPhoto}/photo`, id(f.ideas.publishedWithPhoto)), expect: PUBLIC },
      { name: "the photo of the resident's removed idea", request: (f) => get(`/ideas/${f.ideas.hiddenWithPhoto}/photo`, id(f.ideas.hiddenWithPhoto)), expect: AUTHOR_AND_STAFF },
    ],
  },

  // ── Voting rounds ──
  "rounds._index.tsx": { loader: [{ request: () => get("/rounds"), expect: PUBLIC }] },
  "rounds.$id.tsx": {
    loader: [
      { name: "an open round", request: (f) => get(`/rounds/${f.rounds.open.id}`, id(f.rounds.open.id)), expect: PUBLIC },
      { name: "a draft round", request: (f) => get(`/rounds/${f.rounds.draft.id}`, id(f.rounds.draft.id)), expect: STAFF_PREVIEW },
    ],
    action: [
      {
        name: "a ballot in a round open to residents",
        request: (f) => {
          const round = f.fresh.openRound("residents");
          return post(`/rounds/${round.id}`, { option: String(round.option) }, id(round.id));
        },
        expect: [LOGIN, to("/rounds/{id}/voted"), to("/rounds/{id}/voted"), to("/rounds/{id}/voted"), to("/rounds/{id}/voted")],
        writes: ["ballots", "ballot_choices"],
        note: "the round's rule is 'any signed-in account': staff accounts may vote too",
      },
      {
        name: "a ballot in a round for verified residents",
        request: (f) => {
          const round = f.fresh.openRound("verified");
          return post(`/rounds/${round.id}`, { option: String(round.option) }, id(round.id));
        },
        expect: [LOGIN, 403, to("/rounds/{id}/voted"), 403, 403],
        writes: ["ballots", "ballot_choices"],
      },
      {
        name: "a ballot in a draft round",
        request: (f) => post(`/rounds/${f.rounds.draft.id}`, { option: String(f.rounds.draft.option) }, id(f.rounds.draft.id)),
        expect: [LOGIN, 404, 404, 409, 409],
        writes: ["ballots"],
        note: "staff see the draft but cannot vote in it (409: not open)",
      },
    ],
  },
  "rounds.$id_.voted.tsx": {
    loader: [
      { name: "a round everyone has voted in", request: (f) => get(`/rounds/${f.rounds.voted.id}/voted`, id(f.rounds.voted.id)), expect: SIGNED_IN },
      {
        name: "a draft round",
        request: (f) => get(`/rounds/${f.rounds.draft.id}/voted`, id(f.rounds.draft.id)),
        expect: [LOGIN, 404, 404, to("/rounds/{id}"), to("/rounds/{id}")],
        note: "staff see the draft, have no ballot in it, and are sent to the round",
      },
    ],
  },
  "rounds.$id_.results.tsx": {
    loader: [
      { name: "a closed round", request: (f) => get(`/rounds/${f.rounds.closedBudget.id}/results`, id(f.rounds.closedBudget.id)), expect: PUBLIC },
      { name: "a draft round", request: (f) => get(`/rounds/${f.rounds.draft.id}/results`, id(f.rounds.draft.id)), expect: STAFF_PREVIEW },
    ],
  },
  "rounds.options.$optionId.photo.ts": {
    loader: [
      { name: "an option of a published round", request: (f) => get(`/rounds/options/${f.rounds.open.photoOption}/photo`, { optionId: String(f.rounds.open.photoOption) }), expect: PUBLIC },
      { name: "an option of a draft round", request: (f) => get(`/rounds/options/${f.rounds.draft.photoOption}/photo`, { optionId: String(f.rounds.draft.photoOption) }), expect: STAFF_PREVIEW },
    ],
  },

  // ── Surveys ──
  "surveys._index.tsx": { loader: [{ request: () => get("/surveys"), expect: PUBLIC }] },
  "surveys.$id.tsx": {
    loader: [
      { name: "a published survey", request: (f) => get(`/surveys/${f.surveys.verified.id}`, id(f.surveys.verified.id)), expect: PUBLIC, note: "the first page says who may answer" },
      { name: "a draft survey", request: (f) => get(`/surveys/${f.surveys.draft.id}`, id(f.surveys.draft.id)), expect: STAFF_PREVIEW },
    ],
  },
  "surveys.$id_.$page.tsx": {
    loader: [
      { name: "a survey open to anyone", request: (f) => get(`/surveys/${f.surveys.open.id}/1`, { id: String(f.surveys.open.id), page: "1" }), expect: PUBLIC },
      {
        name: "a survey for signed-in residents",
        request: (f) => get(`/surveys/${f.surveys.residents.id}/1`, { id: String(f.surveys.residents.id), page: "1" }),
        expect: [sentBack("/surveys/{id}"), 200, 200, 200, 200],
      },
      {
        name: "a survey for verified residents",
        request: (f) => get(`/surveys/${f.surveys.verified.id}/1`, { id: String(f.surveys.verified.id), page: "1" }),
        expect: [sentBack("/surveys/{id}"), sentBack("/surveys/{id}"), 200, sentBack("/surveys/{id}"), sentBack("/surveys/{id}")],
      },
      { name: "a draft survey", request: (f) => get(`/surveys/${f.surveys.draft.id}/1`, { id: String(f.surveys.draft.id), page: "1" }), expect: STAFF_PREVIEW },
    ],
    action: [
      {
        name: "answering a survey open to anyone",
        request: (f) => {
          const s = f.fresh.survey("anyone");
          return post(`/surveys/${s.id}/1`, { [`q${s.question}`]: String(s.option) }, { id: String(s.id), page: "1" });
        },
        expect: [to("/surveys/{id}/done"), to("/surveys/{id}/done"), to("/surveys/{id}/done"), to("/surveys/{id}/done"), to("/surveys/{id}/done")],
        writes: ["survey_responses", "survey_answers"],
      },
      {
        name: "answering a survey for verified residents",
        request: (f) => {
          const s = f.fresh.survey("verified");
          return post(`/surveys/${s.id}/1`, { [`q${s.question}`]: String(s.option) }, { id: String(s.id), page: "1" });
        },
        expect: [sentBack("/surveys/{id}"), sentBack("/surveys/{id}"), to("/surveys/{id}/done"), sentBack("/surveys/{id}"), sentBack("/surveys/{id}")],
        writes: ["survey_responses", "survey_answers"],
      },
    ],
  },
  "surveys.$id_.about.tsx": {
    loader: [
      { name: "a survey open to anyone", request: (f) => get(`/surveys/${f.surveys.open.id}/about`, id(f.surveys.open.id)), expect: PUBLIC },
      {
        name: "a survey for verified residents",
        request: (f) => get(`/surveys/${f.surveys.verified.id}/about`, id(f.surveys.verified.id)),
        expect: [sentBack("/surveys/{id}"), sentBack("/surveys/{id}"), 200, sentBack("/surveys/{id}"), sentBack("/surveys/{id}")],
      },
    ],
    action: [
      {
        name: "a survey for verified residents, back to the questions",
        request: (f) => {
          const s = f.fresh.survey("verified", { demographics: true });
          return post(`/surveys/${s.id}/about`, { nav: "back", consent: "on", ageBand: "25-34" }, id(s.id));
        },
        expect: [sentBack("/surveys/{id}"), sentBack("/surveys/{id}"), to("/surveys/{id}/1"), sentBack("/surveys/{id}"), sentBack("/surveys/{id}")],
        writes: ["survey_drafts"],
      },
    ],
  },
  "surveys.$id_.done.tsx": {
    loader: [
      { name: "a published survey", request: (f) => get(`/surveys/${f.surveys.open.id}/done`, id(f.surveys.open.id)), expect: PUBLIC },
      { name: "a draft survey", request: (f) => get(`/surveys/${f.surveys.draft.id}/done`, id(f.surveys.draft.id)), expect: STAFF_PREVIEW },
    ],
  },
  "surveys.$id_.results.tsx": {
    loader: [
      { name: "a closed survey", request: (f) => get(`/surveys/${f.surveys.closed.id}/results`, id(f.surveys.closed.id)), expect: PUBLIC },
      { name: "a draft survey", request: (f) => get(`/surveys/${f.surveys.draft.id}/results`, id(f.surveys.draft.id)), expect: STAFF_PREVIEW },
    ],
  },

  // ── Open data: public, read-only; a draft or unpublished results are a 404 even for staff ──
  "api.v1._index.ts": { loader: [{ request: () => get("/api/v1"), expect: PUBLIC }] },
  "api.v1.$.ts": { loader: [{ request: () => get("/api/v1/nothing-here", { "*": "nothing-here" }), expect: NOBODY }] },
  "api.v1.plan.ts": { loader: [{ request: () => get("/api/v1/plan"), expect: PUBLIC }] },
  "api.v1.goals.$id.ts": { loader: [{ request: (f) => get(`/api/v1/goals/${f.goal}`, id(f.goal)), expect: PUBLIC }] },
  "api.v1.measures.ts": { loader: [{ request: () => get("/api/v1/measures"), expect: PUBLIC }] },
  "api.v1.measures[.]csv.ts": { loader: [{ request: () => get("/api/v1/measures.csv"), expect: PUBLIC }] },
  "api.v1.ideas.ts": { loader: [{ request: () => get("/api/v1/ideas"), expect: PUBLIC }] },
  "api.v1.ideas[.]csv.ts": { loader: [{ request: () => get("/api/v1/ideas.csv"), expect: PUBLIC }] },
  "api.v1.rounds._index.ts": { loader: [{ request: () => get("/api/v1/rounds"), expect: PUBLIC }] },
  "api.v1.rounds.$id.results.ts": {
    loader: [
      { name: "a closed round", request: (f) => get(`/api/v1/rounds/${f.rounds.closedBudget.id}/results`, id(f.rounds.closedBudget.id)), expect: PUBLIC },
      { name: "a draft round", request: (f) => get(`/api/v1/rounds/${f.rounds.draft.id}/results`, id(f.rounds.draft.id)), expect: NOBODY },
    ],
  },
  "api.v1.rounds.$id.results[.]csv.ts": {
    loader: [
      { name: "a closed round", request: (f) => get(`/api/v1/rounds/${f.rounds.closedBudget.id}/results.csv`, id(f.rounds.closedBudget.id)), expect: PUBLIC },
      { name: "a draft round", request: (f) => get(`/api/v1/rounds/${f.rounds.draft.id}/results.csv`, id(f.rounds.draft.id)), expect: NOBODY },
    ],
  },
  "api.v1.rounds.$id.ballots[.]pb.ts": {
    loader: [
      { name: "a closed budget", request: (f) => get(`/api/v1/rounds/${f.rounds.closedBudget.id}/ballots.pb`, id(f.rounds.closedBudget.id)), expect: PUBLIC },
      { name: "a draft round", request: (f) => get(`/api/v1/rounds/${f.rounds.draft.id}/ballots.pb`, id(f.rounds.draft.id)), expect: NOBODY },
    ],
  },
  "api.v1.surveys.$id.results.ts": {
    loader: [
      { name: "a closed survey", request: (f) => get(`/api/v1/surveys/${f.surveys.closed.id}/results`, id(f.surveys.closed.id)), expect: PUBLIC },
      { name: "a draft survey", request: (f) => get(`/api/v1/surveys/${f.surveys.draft.id}/results`, id(f.surveys.draft.id)), expect: NOBODY },
    ],
  },
  "api.v1.stats.participation.ts": { loader: [{ request: () => get("/api/v1/stats/participation"), expect: PUBLIC }] },
  "api.v1.stats.participation[.]csv.ts": { loader: [{ request: () => get("/api/v1/stats/participation.csv"), expect: PUBLIC }] },

  // ── The hub: moderators and admins ──
  "hub.tsx": { loader: [{ name: "the layout of every /hub page", request: () => get("/hub"), expect: STAFF }] },
  "hub._index.tsx": { loader: [{ request: () => get("/hub"), expect: STAFF }] },
  "hub.audit.tsx": { loader: [{ request: () => get("/hub/audit"), expect: STAFF }] },
  "hub.outbox.tsx": { loader: [{ request: () => get("/hub/outbox"), expect: ADMIN, note: "the outbox holds reset codes in clear text (decision 006)" }] },
  "hub.staff.tsx": {
    loader: [{ request: () => get("/hub/staff"), expect: ADMIN }],
    action: [
      {
        name: "adding a moderator",
        request: (f) => post("/hub/staff", { displayName: "Authz Moderator", email: f.fresh.email(), role: "moderator" }),
        expect: ADMIN,
        writes: ["users", "audit_log"],
      },
    ],
  },
  "hub.verify.tsx": {
    loader: [{ request: (f) => get(`/hub/verify?who=${encodeURIComponent(f.fresh.email())}`), expect: STAFF }],
    action: [
      {
        name: "verifying a resident in person",
        request: (f) => post("/hub/verify", { intent: "verify", user: String(f.fresh.resident()), seen: "on" }),
        expect: STAFF_ACTION,
        writes: ["audit_log"],
      },
    ],
  },
  "hub.insights.tsx": { loader: [{ request: () => get("/hub/insights"), expect: STAFF }] },
  "hub.insights[.]csv.ts": { loader: [{ request: () => get("/hub/insights.csv?view=ideas"), expect: STAFF }] },
  "hub.insights[.]xlsx.ts": { loader: [{ request: () => get("/hub/insights.xlsx"), expect: STAFF }] },

  "hub.ideas._index.tsx": {
    loader: [{ request: () => get("/hub/ideas"), expect: STAFF }],
    action: [
      {
        name: "approving an idea waiting for moderation",
        request: (f) => post("/hub/ideas", { idea: String(f.fresh.submittedIdea()) }),
        expect: STAFF_ACTION,
        writes: ["idea_events", "audit_log"],
      },
    ],
  },
  "hub.ideas.$id.tsx": {
    loader: [{ name: "a removed idea", request: (f) => get(`/hub/ideas/${f.ideas.hiddenWithPhoto}`, id(f.ideas.hiddenWithPhoto)), expect: STAFF }],
    action: [
      {
        name: "hiding a published idea",
        request: (f) => {
          const idea = f.fresh.publishedIdea();
          return post(`/hub/ideas/${idea}`, { intent: "hide", reason: "offensive" }, id(idea));
        },
        expect: STAFF_ACTION,
        writes: ["audit_log"],
      },
    ],
  },

  "hub.plan.tsx": {
    loader: [{ request: () => get("/hub/plan"), expect: STAFF }],
    action: [
      {
        name: "adding a measure",
        request: (f) => post("/hub/plan", { intent: "addMeasure", goal: String(f.goal), ...measureForm }),
        expect: STAFF_ACTION,
        writes: ["measures", "audit_log"],
      },
    ],
  },
  "hub.plan_.measures.$id.tsx": {
    loader: [{ request: (f) => get(`/hub/plan/measures/${f.measure}`, id(f.measure)), expect: STAFF }],
    action: [
      {
        name: "a progress report",
        request: (f) => post(`/hub/plan/measures/${f.measure}`, { intent: "progress", ...fields({ body: translated("პროექტი მზადდება") }), status: "in_progress", progress: "10" }, id(f.measure)),
        expect: STAFF_ACTION,
        writes: ["measure_updates", "audit_log"],
      },
    ],
  },

  "hub.rounds._index.tsx": {
    loader: [{ request: () => get("/hub/rounds"), expect: STAFF }],
    action: [{ name: "importing a Pabulib file", request: () => post("/hub/rounds", pabulibFile()), expect: staffRedirect("/hub/rounds/*"), writes: ["rounds", "ballots", "audit_log"] }],
  },
  "hub.rounds.new.tsx": {
    loader: [{ request: () => get("/hub/rounds/new"), expect: STAFF }],
    action: [{ request: (f) => post("/hub/rounds/new", roundSettingsForm(f)), expect: staffRedirect("/hub/rounds/*"), writes: ["rounds", "audit_log"] }],
  },
  "hub.rounds.$id.tsx": {
    loader: [{ name: "a draft round", request: (f) => get(`/hub/rounds/${f.rounds.draft.id}`, id(f.rounds.draft.id)), expect: STAFF }],
    action: [
      {
        name: "adding an option to a draft round",
        request: (f) => {
          const round = f.fresh.draftRound();
          return post(`/hub/rounds/${round.id}`, { intent: "addOption", ...optionForm("ბაღი") }, id(round.id));
        },
        expect: STAFF_ACTION,
        writes: ["round_options", "audit_log"],
      },
    ],
  },
  "hub.rounds.$id_.options.$optionId.tsx": {
    loader: [
      {
        name: "an option of a draft round",
        request: (f) => get(`/hub/rounds/${f.rounds.draft.id}/options/${f.rounds.draft.option}`, { id: String(f.rounds.draft.id), optionId: String(f.rounds.draft.option) }),
        expect: STAFF,
      },
    ],
    action: [
      {
        name: "rewording an option of a draft round",
        request: (f) => {
          const round = f.fresh.draftRound();
          return post(`/hub/rounds/${round.id}/options/${round.option}`, optionForm("პარკი (შესწორებული)"), { id: String(round.id), optionId: String(round.option) });
        },
        expect: staffRedirect("/hub/rounds/{id}"),
        writes: ["audit_log"],
      },
    ],
  },
  "hub.rounds.$id_.paper.tsx": {
    loader: [{ name: "an open round", request: (f) => get(`/hub/rounds/${f.rounds.open.id}/paper`, id(f.rounds.open.id)), expect: STAFF }],
    action: [
      {
        name: "a paper ballot in an open round",
        request: (f) => {
          const round = f.fresh.openRound("residents");
          return post(`/hub/rounds/${round.id}/paper`, { district: String(f.district), option: String(round.option) }, id(round.id));
        },
        expect: STAFF_ACTION,
        writes: ["ballots", "audit_log"],
      },
    ],
  },
  "hub.rounds.$id_.ballots[.]pb.ts": {
    loader: [{ name: "a closed budget", request: (f) => get(`/hub/rounds/${f.rounds.closedBudget.id}/ballots.pb`, id(f.rounds.closedBudget.id)), expect: STAFF, writes: ["audit_log"] }],
  },

  "hub.surveys._index.tsx": { loader: [{ request: () => get("/hub/surveys"), expect: STAFF }] },
  "hub.surveys.new.tsx": {
    loader: [{ request: () => get("/hub/surveys/new"), expect: STAFF }],
    action: [{ request: (f) => post("/hub/surveys/new", surveySettingsForm(f)), expect: staffRedirect("/hub/surveys/*"), writes: ["surveys", "audit_log"] }],
  },
  "hub.surveys.$id.tsx": {
    loader: [{ name: "a draft survey", request: (f) => get(`/hub/surveys/${f.surveys.draft.id}`, id(f.surveys.draft.id)), expect: STAFF }],
    action: [
      {
        name: "adding a page to a draft survey",
        request: (f) => {
          const s = f.fresh.draftSurvey();
          return post(`/hub/surveys/${s.id}`, { intent: "addSection", ...fields({ title: translated("მეორე გვერდი") }) }, id(s.id));
        },
        expect: STAFF_ACTION,
        writes: ["survey_sections", "audit_log"],
      },
    ],
  },
  "hub.surveys.$id_.questions.$qid.tsx": {
    loader: [
      {
        name: "a question of a draft survey",
        request: (f) => get(`/hub/surveys/${f.surveys.draft.id}/questions/${f.surveys.draft.question}`, { id: String(f.surveys.draft.id), qid: String(f.surveys.draft.question) }),
        expect: STAFF,
      },
    ],
    action: [
      {
        name: "adding a question to a draft survey",
        request: (f) => {
          const s = f.fresh.draftSurvey();
          return post(`/hub/surveys/${s.id}/questions/new?section=${s.section}`, questionForm, { id: String(s.id), qid: "new" });
        },
        expect: staffRedirect("/hub/surveys/{id}?saved=1"),
        writes: ["survey_questions", "survey_options", "audit_log"],
      },
    ],
  },
  "hub.surveys.$id_.results.tsx": {
    loader: [{ name: "a closed survey", request: (f) => get(`/hub/surveys/${f.surveys.closed.id}/results`, id(f.surveys.closed.id)), expect: STAFF }],
    action: [
      {
        name: "publishing a free-text answer",
        request: (f) => post(`/hub/surveys/${f.surveys.closed.id}/results`, { intent: "publish", answer: String(f.surveys.closed.textAnswer) }, id(f.surveys.closed.id)),
        expect: STAFF_ACTION,
        writes: ["audit_log"],
      },
    ],
  },
  "hub.surveys.$id_.paper.tsx": {
    loader: [{ name: "an open survey", request: (f) => get(`/hub/surveys/${f.surveys.open.id}/paper`, id(f.surveys.open.id)), expect: STAFF }],
    action: [
      {
        name: "a paper questionnaire",
        request: (f) => {
          const s = f.fresh.survey("residents");
          return post(`/hub/surveys/${s.id}/paper`, { [`q${s.question}`]: String(s.option) }, id(s.id));
        },
        expect: STAFF_ACTION,
        writes: ["survey_responses", "survey_answers", "audit_log"],
      },
    ],
  },
  "hub.surveys.$id_.import.tsx": {
    loader: [{ name: "an open survey", request: (f) => get(`/hub/surveys/${f.surveys.open.id}/import`, id(f.surveys.open.id)), expect: STAFF }],
    action: [
      {
        name: "a CSV of one response",
        request: (f) => {
          const s = f.fresh.survey("residents");
          return post(`/hub/surveys/${s.id}/import`, responsesCsv(s.question), id(s.id));
        },
        expect: STAFF_ACTION,
        writes: ["survey_responses", "survey_answers", "audit_log"],
      },
    ],
  },
  "hub.surveys.$id_.poster.tsx": { loader: [{ name: "an open survey", request: (f) => get(`/hub/surveys/${f.surveys.open.id}/poster`, id(f.surveys.open.id)), expect: STAFF }] },
  "hub.surveys.$id_.export[.]csv.ts": {
    loader: [{ name: "a closed survey", request: (f) => get(`/hub/surveys/${f.surveys.closed.id}/export.csv`, id(f.surveys.closed.id)), expect: STAFF, writes: ["audit_log"] }],
  },
  "hub.surveys.$id_.export[.]json.ts": {
    loader: [{ name: "a closed survey", request: (f) => get(`/hub/surveys/${f.surveys.closed.id}/export.json`, id(f.surveys.closed.id)), expect: STAFF, writes: ["audit_log"] }],
  },
  "hub.surveys.$id_.export[.]xlsx.ts": {
    loader: [{ name: "a closed survey", request: (f) => get(`/hub/surveys/${f.surveys.closed.id}/export.xlsx`, id(f.surveys.closed.id)), expect: STAFF, writes: ["audit_log"] }],
  },
};
