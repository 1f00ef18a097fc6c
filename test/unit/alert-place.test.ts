// The rules of an alert subscription's place and how the digest says it, in both languages.
import { describe, expect, it } from 'vitest';
import { alertPlaceLabel, validateAlertPlace } from '../../server/domain/alert.js';
import { AppError } from '../../server/domain/app-error.js';
import { renderAlertDigest } from '../../server/mail/alert-mail.template.js';

const field = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (error) {
    if (error instanceof AppError && error.code === 'BAD_USER_INPUT')
      return String(error.details.field);
    throw error;
  }
  return undefined;
};

describe('validateAlertPlace', () => {
  const point = { lon: 10.2, lat: 43.99 };
  it('takes a street or a point with its radius', () => {
    expect(validateAlertPlace({ streetId: '12' })).toEqual({ kind: 'street', streetId: 12 });
    expect(validateAlertPlace({ location: point, radiusM: 300 })).toEqual({
      kind: 'radius',
      point,
      radiusM: 300,
    });
  });
  it.each([
    [{}, 'input'],
    [{ streetId: '1', location: point, radiusM: 100 }, 'input'],
    [{ streetId: '1', radiusM: 100 }, 'input'],
    [{ streetId: '0' }, 'streetId'],
    [{ streetId: 'uno' }, 'streetId'],
    [{ location: point }, 'radiusM'],
    [{ location: point, radiusM: 49 }, 'radiusM'],
    [{ location: point, radiusM: 50_001 }, 'radiusM'],
    [{ location: point, radiusM: 100.5 }, 'radiusM'],
    [{ location: { lon: 181, lat: 0 }, radiusM: 100 }, 'location'],
  ])('%j is refused on %s', (raw, name) => {
    expect(field(() => validateAlertPlace(raw))).toBe(name);
  });
});

describe('the place and the digest as a person reads them', () => {
  const radius = {
    kind: 'radius' as const,
    street_name: null,
    near_street: 'Via Roma',
    radius_m: 1500,
    lon: 10.2,
    lat: 43.99,
  };
  it('names the street, or the street near the point with the radius in the language', () => {
    expect(alertPlaceLabel({ ...radius, kind: 'street', street_name: 'Via Aurelia' }, 'it')).toBe(
      'Via Aurelia',
    );
    expect(alertPlaceLabel(radius, 'it')).toBe('entro 1500 m dal punto scelto vicino a Via Roma');
    expect(alertPlaceLabel(radius, 'en')).toBe('within 1,500 m of the chosen point near Via Roma');
  });

  it('counts in the language, lists every report with its link, escapes HTML and links the unsubscribe', () => {
    const ticket = {
      code: 'SRV-AAAA-BBBB',
      title: 'Buca <b>grande</b>',
      categoryName: 'Buca stradale',
      address: 'Via Roma 3',
      url: 'http://segnala.test/segnalazioni/SRV-AAAA-BBBB',
    };
    const data = {
      municipalityName: 'Seravezza',
      place: 'Via Roma',
      placeUrl: 'http://segnala.test/vie/7',
      tickets: [ticket, { ...ticket, code: 'SRV-CCCC-DDDD', address: null }],
      unsubscribeUrl: 'http://segnala.test/avvisi/disiscrizione/x',
      until: new Date('2027-12-03T09:00:00Z'),
    };
    const it = renderAlertDigest('it', data);
    expect(it.subject).toBe('2 nuove segnalazioni: Via Roma (Comune di Seravezza)');
    expect(it.text).toContain('• Buca <b>grande</b> (Buca stradale, Via Roma 3) – SRV-AAAA-BBBB');
    expect(it.text).toContain('3 dicembre 2027');
    expect(it.html).toContain('Buca &lt;b&gt;grande&lt;/b&gt;');
    expect(it.html).toContain('href="http://segnala.test/avvisi/disiscrizione/x"');
    const en = renderAlertDigest('en', { ...data, tickets: [ticket] });
    expect(en.subject).toBe('1 new report: Via Roma (Comune di Seravezza)');
    expect(en.text).toContain('Stop these alerts: http://segnala.test/avvisi/disiscrizione/x');
  });
});
