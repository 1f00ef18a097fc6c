// How long after its resolution a report's reporter may answer it ("non è risolto", a rating).
export const FEEDBACK_DAYS = 30;
