import { apiJson, apiLoader } from "~/utils/api.server";

/** What the API offers, for a person or a script finding their way (docs/api.md says it in full). */
const API_ENDPOINTS = [
  "/api/v1/plan",
  "/api/v1/goals/{id}",
  "/api/v1/measures",
  "/api/v1/measures.csv",
  "/api/v1/ideas",
  "/api/v1/ideas.csv",
  "/api/v1/rounds",
  "/api/v1/rounds/{id}/results",
  "/api/v1/rounds/{id}/results.csv",
  "/api/v1/rounds/{id}/ballots.pb",
  "/api/v1/surveys/{id}/results",
  "/api/v1/stats/participation",
  "/api/v1/stats/participation.csv",
] as const;

// Open data: the list of endpoints.
export const loader = apiLoader(({ request }) => apiJson(request, { version: 1, endpoints: API_ENDPOINTS }, { maxAge: 3600 }));
