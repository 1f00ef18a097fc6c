// The masking corpus: real-shaped personal data and look-alikes (prices, dates, house and protocol
// numbers, CAP, times, km). Prints precision and recall; the thresholds: 100 % precision, recall ≥ 95 %.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  findPersonalData,
  isValidIban,
  isValidTaxCode,
  MASK_PLACEHOLDER,
  maskPersonalData,
  type PersonalDataKind,
} from '../../server/domain/personal-data-mask.js';

interface Corpus {
  positives: { text: string; items: [PersonalDataKind, string][] }[];
  negatives: string[];
}
const corpus = JSON.parse(
  readFileSync(new URL('../fixtures/personal-data-corpus.json', import.meta.url), 'utf8'),
) as Corpus;

function score() {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: string[] = [];
  const cases = [
    ...corpus.positives,
    ...corpus.negatives.map((text) => ({ text, items: [] as [PersonalDataKind, string][] })),
  ];
  for (const { text, items } of cases) {
    const found = findPersonalData(text).map((m) => `${m.kind}:${text.slice(m.start, m.end)}`);
    const wanted = items.map(([kind, value]) => `${kind}:${value}`);
    for (const f of found) {
      if (wanted.includes(f)) tp++;
      else {
        fp++;
        misses.push(`false positive ${f} in «${text}»`);
      }
    }
    for (const w of wanted) {
      if (!found.includes(w)) {
        fn++;
        misses.push(`missed ${w} in «${text}»`);
      }
    }
  }
  return { tp, fp, fn, misses };
}

describe('personal data masking corpus', () => {
  it('has at least 50 positives and 50 negatives', () => {
    expect(corpus.positives.length).toBeGreaterThanOrEqual(50);
    expect(corpus.negatives.length).toBeGreaterThanOrEqual(50);
  });

  it('finds the personal data with 100 % precision and ≥ 95 % recall', () => {
    const { tp, fp, fn, misses } = score();
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      `masking corpus: ${corpus.positives.length} positives (${tp + fn} items), ${corpus.negatives.length} negatives; ` +
        `precision ${(precision * 100).toFixed(1)} %, recall ${(recall * 100).toFixed(1)} % (TP ${tp}, FP ${fp}, FN ${fn})`,
    );
    for (const m of misses) console.log(`  ${m}`);
    expect(precision).toBe(1);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('leaves negatives unchanged and masks positives completely', () => {
    for (const text of corpus.negatives) expect(maskPersonalData(text)).toBe(text);
    for (const { text, items } of corpus.positives) {
      const masked = maskPersonalData(text);
      for (const [, value] of items) expect(masked).not.toContain(value);
    }
  });

  it('is idempotent: masked text has nothing left to mask', () => {
    for (const { text } of corpus.positives) {
      const once = maskPersonalData(text);
      expect(maskPersonalData(once)).toBe(once);
    }
    for (const placeholder of Object.values(MASK_PLACEHOLDER))
      expect(findPersonalData(placeholder)).toEqual([]);
  });

  it('checks the check characters', () => {
    expect(isValidTaxCode('RSSMRA85M01H501Q')).toBe(true);
    expect(isValidTaxCode('RSSMRA85M01H501A')).toBe(false);
    expect(isValidIban('IT60X0542811101000000123456')).toBe(true);
    expect(isValidIban('IT61X0542811101000000123456')).toBe(false);
    expect(maskPersonalData('CF RSSMRA85M01H501A')).toBe('CF RSSMRA85M01H501A');
    expect(maskPersonalData('chiamare il 333 1234567')).toBe(
      `chiamare il ${MASK_PLACEHOLDER.phone}`,
    );
  });
});
