// The programme's addresses, absolute: the pages sit under the staff area's splat route, where a
// relative "." or ".." would resolve against the whole URL.
export const PROGRAMME = '/ufficio/interventi';
export const programmePath = (sub = ''): string => (sub ? `${PROGRAMME}/${sub}` : PROGRAMME);
