// The names of the insights page's series and views, shared by the page and the server code.
export const SERIES = ["ideas", "supports", "ballots", "responses", "accounts"] as const;
export type Series = (typeof SERIES)[number];

export const VIEWS = ["weekly", "districts", "channels", "demographics", "ideas"] as const;
export type View = (typeof VIEWS)[number];
