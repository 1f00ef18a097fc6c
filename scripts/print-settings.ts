// `npm run config:docs`: rewrites README.md's configuration table from the settings schema
// (server/config.ts), between the settings markers. test/unit/config.test.ts fails when they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { settingsTable } from '../server/config.js';
import { projectPath } from '../server/project-root.js';
import { replaceSettingsTable } from './settings-table.js';

const readme = projectPath('README.md');
writeFileSync(readme, replaceSettingsTable(readFileSync(readme, 'utf8'), settingsTable()));
console.log('README.md: configuration table rewritten from server/config.ts.');
