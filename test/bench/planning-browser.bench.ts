// The planning page in Chromium (test/bench/planning-browser.ts) as a part of `npm run bench`: optional,
// since it needs the production build (`npm run build`) and a browser. Runs when named
// (`npm run bench -- planning-browser`) or with BENCH_BROWSER=1; otherwise it reports that it was skipped.
import type { OwnDatabasesSuite } from './bench-suite.js';
import { runPlanningBrowserBench } from './planning-browser.js';

const suite: OwnDatabasesSuite = {
  name: 'planning-browser',
  ownDatabases: true,
  prepare: () => Promise.resolve([]),
  async run(ctx) {
    const named =
      process.argv.includes('planning-browser') ||
      (process.env.BENCH_SUITES ?? '').split(',').includes('planning-browser');
    if (!named && !process.env.BENCH_BROWSER)
      return [
        {
          title: 'Planning page in Chromium (software WebGL)',
          table: [],
          goals: [],
          notes: ['Skipped: run `npm run build`, then `npm run bench -- planning-browser`.'],
        },
      ];
    const result = await runPlanningBrowserBench(ctx.log);
    const page = result.summary[1];
    const usable = Number(page['usable ms (median)']);
    const filter = Number(page['filter change ms (median)']);
    const longest = Number(page['longest task ms (max)']);
    return [
      {
        title: 'Planning page in Chromium (software WebGL), demo data',
        table: result.summary,
        goals: [
          { goal: 'usable < 3 s', measured: `${usable} ms`, pass: usable < 3000 },
          { goal: 'filter change redrawn < 1 s', measured: `${filter} ms`, pass: filter < 1000 },
          { goal: 'no main-thread task > 200 ms', measured: `${longest} ms`, pass: longest <= 200 },
        ],
        notes: [
          'Baseline: the same page and bundle with every layer off (?layers=), measured in the same run.',
        ],
      },
    ];
  },
};
export default suite;
