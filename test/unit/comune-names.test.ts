// Names made when a comune is onboarded: display names of ANNCSU streets (one rule, checked against
// Seravezza's 302 reviewed names), the ticket-code prefix and the local metric SRID.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTemplate } from '../../seeds/comune-template.js';
import { codePrefixCandidates, localSridFor } from '../../seeds/comune.js';
import { displayStreetName, readStreetNames } from '../../seeds/street-names.js';

describe('displayStreetName', () => {
  it("gives every one of Seravezza's 302 register names its reviewed display name", async () => {
    const register = await readStreetNames();
    expect(register).toHaveLength(302);
    const wrong = register.filter((s) => displayStreetName(s.name) !== s.nameDisplay);
    expect(wrong.map((s) => `${s.name} → ${displayStreetName(s.name)} ≠ ${s.nameDisplay}`)).toEqual(
      [],
    );
  });

  it.each([
    ["VIA DELLA LIBERTA'", 'Via della Libertà'],
    ["PIAZZA GIOSUE' CARDUCCI", 'Piazza Giosuè Carducci'],
    ["VIA GABRIELE D'ANNUNZIO", "Via Gabriele d'Annunzio"],
    ["VIA SANT'ANNA", "Via Sant'Anna"],
    ['VIA XXIV MAGGIO', 'Via XXIV Maggio'],
    ['TRAVERSA A DI VIA AURELIA', 'Traversa A di Via Aurelia'],
    ['VIA C.A. DALLA CHIESA', 'Via C.A. Dalla Chiesa'],
  ])('%s → %s', (name, display) => expect(displayStreetName(name)).toBe(display));
});

describe('codePrefixCandidates', () => {
  it('starts with the consonants of the name, like SRV for Seravezza', () => {
    expect(codePrefixCandidates('Seravezza')[0]).toBe('SRV');
    expect(codePrefixCandidates('Pietrasanta')[0]).toBe('PTR');
    expect(codePrefixCandidates("Barberino Val d'Elsa")[0]).toBe('BRB');
  });

  it('always offers a free prefix, even for a short name, each three capital letters', () => {
    const all = codePrefixCandidates('Vaglia');
    expect(all.length).toBeGreaterThan(600);
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((c) => /^V[A-Z]{2}$/.test(c))).toBe(true);
  });
});

it('localSridFor picks the UTM zone: 32632 for Toscana west of 12°E, 32633 east of it', () => {
  expect(localSridFor(10.23)).toBe(32632);
  expect(localSridFor(12.1)).toBe(32633);
});

describe('readTemplate', () => {
  it('reads the default template, the one Seravezza’s catalogue comes from', () => {
    const t = readTemplate();
    expect(t.offices.map((o) => o.code)).toContain('lavori_pubblici');
    expect(t.categories.every((c) => t.offices.some((o) => o.code === c.office))).toBe(true);
    expect(t.questions.find((q) => q.code === 'numero_palo')).toMatchObject({
      category: 'illuminazione_pubblica',
      labelIt: 'Numero del palo',
      labelEn: 'Pole number',
    });
  });

  it('refuses a wrong template naming the file and the field', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'segnala-template-'));
    const file = path.join(dir, 'bad.json');
    const good = readTemplate();
    await writeFile(
      file,
      JSON.stringify({ ...good, categories: [{ ...good.categories[0], slaHours: 0 }] }),
    );
    expect(() => readTemplate(file)).toThrow(/bad\.json: categories\.0\.slaHours/);
    await writeFile(
      file,
      JSON.stringify({ ...good, categories: [{ ...good.categories[0], office: 'nessuno' }] }),
    );
    expect(() => readTemplate(file)).toThrow(/names office nessuno, which is not in offices/);
    await writeFile(
      file,
      JSON.stringify({ ...good, questions: [{ ...good.questions[0], category: 'nessuna' }] }),
    );
    expect(() => readTemplate(file)).toThrow(/names category nessuna, which is not in categories/);
    // A question gets the checks of an admin's setCategoryQuestions.
    const choice = good.questions.find((q) => q.type === 'single_choice')!;
    await writeFile(file, JSON.stringify({ ...good, questions: [{ ...choice, options: [] }] }));
    expect(() => readTemplate(file)).toThrow(
      new RegExp(`questions of ${choice.category}: .*a scelta ha bisogno di opzioni`),
    );
    await writeFile(
      file,
      JSON.stringify({ ...good, questions: [good.questions[0], good.questions[0]] }),
    );
    expect(() => readTemplate(file)).toThrow(/è ripetuto/);
    await writeFile(
      file,
      JSON.stringify({ ...good, questions: [{ ...good.questions[0], type: 'date' }] }),
    );
    expect(() => readTemplate(file)).toThrow(/bad\.json: questions\.0\.type/);
    await writeFile(file, '{ not json');
    expect(() => readTemplate(file)).toThrow(/bad\.json/);
    await rm(dir, { recursive: true, force: true });
  });
});
