// Every translation, for the server. The browser loads only its own language (entry.client.tsx).
import kaCommon from "./ka/common.json";
import kaAuth from "./ka/auth.json";
import kaHub from "./ka/hub.json";
import kaValidation from "./ka/validation.json";
import kaIdeas from "./ka/ideas.json";
import kaRounds from "./ka/rounds.json";
import kaSurveys from "./ka/surveys.json";
import kaPlan from "./ka/plan.json";
import kaInsights from "./ka/insights.json";
import enCommon from "./en/common.json";
import enAuth from "./en/auth.json";
import enHub from "./en/hub.json";
import enValidation from "./en/validation.json";
import enIdeas from "./en/ideas.json";
import enRounds from "./en/rounds.json";
import enSurveys from "./en/surveys.json";
import enPlan from "./en/plan.json";
import enInsights from "./en/insights.json";
import azCommon from "./az/common.json";
import azAuth from "./az/auth.json";
import azHub from "./az/hub.json";
import azValidation from "./az/validation.json";
import azIdeas from "./az/ideas.json";
import azRounds from "./az/rounds.json";
import azSurveys from "./az/surveys.json";
import azPlan from "./az/plan.json";
import azInsights from "./az/insights.json";
import ruCommon from "./ru/common.json";
import ruAuth from "./ru/auth.json";
import ruHub from "./ru/hub.json";
import ruValidation from "./ru/validation.json";
import ruIdeas from "./ru/ideas.json";
import ruRounds from "./ru/rounds.json";
import ruSurveys from "./ru/surveys.json";
import ruPlan from "./ru/plan.json";
import ruInsights from "./ru/insights.json";

export const resources = {
  ka: { common: kaCommon, auth: kaAuth, hub: kaHub, validation: kaValidation, ideas: kaIdeas, rounds: kaRounds, surveys: kaSurveys, plan: kaPlan, insights: kaInsights },
  en: { common: enCommon, auth: enAuth, hub: enHub, validation: enValidation, ideas: enIdeas, rounds: enRounds, surveys: enSurveys, plan: enPlan, insights: enInsights },
  az: { common: azCommon, auth: azAuth, hub: azHub, validation: azValidation, ideas: azIdeas, rounds: azRounds, surveys: azSurveys, plan: azPlan, insights: azInsights },
  ru: { common: ruCommon, auth: ruAuth, hub: ruHub, validation: ruValidation, ideas: ruIdeas, rounds: ruRounds, surveys: ruSurveys, plan: ruPlan, insights: ruInsights },
};
