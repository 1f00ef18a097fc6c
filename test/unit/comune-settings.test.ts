// The one rule for a comune's effective settings (server/services/comune-settings.ts).
import { describe, expect, it } from 'vitest';
import {
  comuneSettings,
  ComuneSettingsSchema,
  DEFAULT_SLA_TARGETS,
  parseComuneSettings,
  senderOf,
} from '../../server/services/comune-settings.js';
import { fillTemplate, readTemplate } from '../../seeds/comune-template.js';

const config = (mailFrom: string) => ({
  publicUrl: 'https://segnala.example.org',
  mailFrom,
  municipalityIstat: '046028',
});
const seravezza = { name: 'Seravezza', istat_code: '046028', host: null };
const pietrasanta = { name: 'Pietrasanta', istat_code: '046024', host: null };

describe('the sender of a comune', () => {
  it("is the comune's own mail_from when it has one", () => {
    expect(
      senderOf(config('Segnala <s@example.org>'), { ...pietrasanta, mail_from: 'urp@pts.it' }),
    ).toBe('urp@pts.it');
  });
  it('fills {name} in MAIL_FROM', () => {
    const c = config('Segnala – Comune di {name} <s@example.org>');
    expect(senderOf(c, seravezza)).toBe('Segnala – Comune di Seravezza <s@example.org>');
    expect(senderOf(c, pietrasanta)).toBe('Segnala – Comune di Pietrasanta <s@example.org>');
  });
  it("never lends the default comune's display name to another one", () => {
    const c = config('URP Seravezza <s@example.org>');
    expect(senderOf(c, seravezza)).toBe('URP Seravezza <s@example.org>');
    expect(senderOf(c, pietrasanta)).toBe('Comune di Pietrasanta – Segnala <s@example.org>');
    expect(senderOf(config('s@example.org'), pietrasanta)).toBe(
      'Comune di Pietrasanta – Segnala <s@example.org>',
    );
  });
});

describe('the effective settings', () => {
  it('take stored values that are right and the defaults for the rest, field by field', () => {
    const s = comuneSettings(config('s@example.org'), {
      ...pietrasanta,
      settings: {
        coatOfArms: 'javascript:alert(1)',
        privacyNotice: { it: 'Informativa', en: 'Notice' },
        slaTargets: { onTimeShare: 2, firstResponseHours: 24 },
      },
    });
    expect(s.coatOfArms).toBeNull();
    expect(s.privacyNotice).toEqual({ it: 'Informativa', en: 'Notice' });
    expect(s.slaTargets).toEqual(DEFAULT_SLA_TARGETS);
    expect(s).toMatchObject({
      title: 'Segnala – Comune di Pietrasanta',
      baseUrl: 'https://segnala.example.org/c/046024',
      fileSlug: 'pietrasanta',
    });
  });
  it('give the default comune PUBLIC_URL and a comune with a host its host', () => {
    expect(comuneSettings(config('s@x.org'), seravezza).baseUrl).toBe(
      'https://segnala.example.org',
    );
    expect(
      comuneSettings(config('s@x.org'), { ...pietrasanta, host: 'segnala.pietrasanta.it' }).baseUrl,
    ).toBe('https://segnala.pietrasanta.it');
    expect(
      comuneSettings(config('s@x.org'), { ...pietrasanta, name: "Sant'Anna à" }).fileSlug,
    ).toBe('sant-anna-a');
  });
  it('one schema refuses bad settings naming the field, and keeps keys it does not know', () => {
    expect(() =>
      parseComuneSettings({ slaTargets: { onTimeShare: 0, firstResponseHours: 1 } }),
    ).toThrow(/settings\.slaTargets\.onTimeShare/);
    expect(() => parseComuneSettings({ coatOfArms: 'ftp://x/y.png' })).toThrow(/coatOfArms/);
    expect(ComuneSettingsSchema.parse({ region: 'Toscana', coatOfArms: '/assets/s.svg' })).toEqual({
      region: 'Toscana',
      coatOfArms: '/assets/s.svg',
    });
  });
});

describe("the template's privacy notice", () => {
  const template = readTemplate();
  const stored = {
    it: fillTemplate(template.settings.privacyNotice.it, { name: 'Pietrasanta' }),
    en: fillTemplate(template.settings.privacyNotice.en, { name: 'Pietrasanta' }),
  };
  it('is a complete art. 13 notice naming the comune, in both languages', () => {
    const s = comuneSettings(config('s@x.org'), {
      ...pietrasanta,
      settings: { privacyNotice: stored },
    });
    for (const text of [s.privacyNotice!.it, s.privacyNotice!.en]) {
      expect(text).not.toMatch(/da completare|to be completed|\{\w+\}/);
      expect(text).toContain('Comune di Pietrasanta');
      expect(text).toMatch(/6\s*(, par\. 1, lett\. e|\(1\)\(e\))/);
      expect(text).toMatch(/15–22/);
      expect(text).toContain('Garante');
      expect(text).toMatch(/art\. 28|Art\. 28/);
    }
    expect(s.privacyNotice!.it).toContain('sito istituzionale del Comune');
    // The periods the retention job applies, by default 12 months for reporters, 6 for supporters.
    expect(s.privacyNotice!.it).toContain('sono cancellati dopo 12 mesi');
    expect(s.privacyNotice!.it).toContain('(«mi associo») dopo 6 mesi');
    expect(s.privacyNotice!.en).toContain('are deleted after 12 months');
    expect(s.privacyNotice!.en).toContain('("mi associo") after 6 months');
  });
  it("takes the DPO contact and the retention from the comune's settings when set", () => {
    const s = comuneSettings(config('s@x.org'), {
      ...pietrasanta,
      settings: {
        privacyNotice: stored,
        dpoContact: 'dpo@comune.pietrasanta.lu.it',
        retentionMonths: 24,
      },
    });
    expect(s.privacyNotice!.it).toContain('contattabile a: dpo@comune.pietrasanta.lu.it.');
    // retentionMonths, the older name, sets reporterContactMonths: the notice and the job agree.
    expect(s.retention.reporterContactMonths).toBe(24);
    expect(s.privacyNotice!.it).toContain('cancellati dopo 24 mesi');
    expect(s.privacyNotice!.en).toContain('reached at: dpo@comune.pietrasanta.lu.it.');
    expect(s.privacyNotice!.en).toContain('deleted after 24 months');
    // The retention periods the job applies fill the notice; retention.reporterContactMonths wins.
    const own = comuneSettings(config('s@x.org'), {
      ...pietrasanta,
      settings: {
        privacyNotice: stored,
        retentionMonths: 24,
        retention: { reporterContactMonths: 18, supporterContactMonths: 1 },
      },
    });
    expect(own.retention).toMatchObject({ reporterContactMonths: 18, supporterContactMonths: 1 });
    expect(own.privacyNotice!.it).toContain('cancellati dopo 18 mesi');
    expect(own.privacyNotice!.it).toContain('dopo 1 mese.');
    expect(own.privacyNotice!.en).toContain('deleted after 18 months');
    expect(own.privacyNotice!.en).toContain('after 1 month.');
    expect(() => parseComuneSettings({ retentionMonths: 0 })).toThrow(/retentionMonths/);
    expect(() => parseComuneSettings({ dpoContact: ' ' })).toThrow(/dpoContact/);
  });
});
