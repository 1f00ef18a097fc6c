// The Italian of the citizen mails read as a careful reader would, for every office of the Seravezza
// seed: no preposition glued to an office name ("a Ufficio", "da Polizia"), no gendered form for the
// reader, reporter and supporter told apart, the name when given, place and description in every mail.
import { describe, expect, it } from 'vitest';
import {
  placeText,
  renderCitizenMail,
  type CitizenMailData,
  type CitizenMailKind,
  type CitizenRole,
} from '../../server/mail/citizen-mail.template.js';
import { renderOfficeMail, type OfficeMailKind } from '../../server/mail/office-mail.template.js';
import { tooLongMessage, requiredMessage, FIELD_NAMES } from '../../server/domain/report.js';
import { OFFICES } from '../../seeds/seravezza.catalog.js';

const KINDS: CitizenMailKind[] = [
  'received',
  'joined',
  'supported',
  'acknowledged',
  'started',
  'resolved',
  'rejected',
  'reopened',
  'duplicate',
  'reassigned',
  'note',
];

function data(officeName: string, role: CitizenRole, name: string | null = null): CitizenMailData {
  return {
    code: 'SRV-AAAA-BBBB',
    title: 'Buca davanti al civico',
    description: 'Una buca profonda sul lato destro della carreggiata.',
    place: placeText('Via Roma', '12A', null),
    recipientName: name,
    role,
    status: 'received',
    categoryName: 'Buca stradale',
    officeName,
    municipalityName: 'Seravezza',
    trackingUrl: 'http://segnala.test/segnalazioni/SRV-AAAA-BBBB',
    unsubscribeUrl: 'http://segnala.test/unsubscribe/SRV-AAAA-BBBB/x',
    originalCode: 'SRV-CCCC-DDDD',
  };
}

// An Italian preposition or article right before a capitalised office name reads wrong for some office
// ("a Ufficio", "dal Polizia"): office names come only after a colon.
const GLUED = /\b(?:a|da|di|in|su|per|al|dal|del|all’|dall’|dell’|il|lo|la|l’)\s+$/i;

/** Every place an office name appears in the text comes after a colon (or opens a line / a bracket). */
function expectOfficeAfterColon(text: string, officeName: string): void {
  let at = text.indexOf(officeName);
  while (at >= 0) {
    expect(text.slice(0, at)).not.toMatch(GLUED);
    expect(text.slice(Math.max(0, at - 2), at)).toMatch(/: $|^$|\n$|\($/);
    at = text.indexOf(officeName, at + 1);
  }
}

describe('Italian phrasing of the citizen mails', () => {
  for (const office of OFFICES)
    for (const kind of KINDS)
      for (const role of ['reporter', 'supporter'] as const)
        it(`${kind} to a ${role}, office "${office.name}"`, () => {
          const mail = renderCitizenMail(kind, 'it', data(office.name, role));
          for (const text of [mail.subject, mail.text]) {
            expectOfficeAfterColon(text, office.name);
            // Neutral forms: nothing that assumes the reader is a man or a woman.
            expect(text).not.toMatch(/\b(?:associat[oa]|iscritt[oa]|benvenut[oa])\b/i);
          }
          expect(mail.text).toContain('Luogo: Via Roma 12A (Comune di Seravezza)');
          expect(mail.text).toContain(
            'Descrizione: Una buca profonda sul lato destro della carreggiata.',
          );
          expect(mail.text).toContain('Gentile cittadina, gentile cittadino,');
          if (role === 'supporter') {
            expect(mail.text).not.toContain('averla inviata');
            expect(mail.text).not.toContain('hai inviato');
          }
        });

  it('the reporter is thanked for sending it, a supporter for supporting it', () => {
    const office = OFFICES[0].name;
    expect(renderCitizenMail('resolved', 'it', data(office, 'reporter')).text).toContain(
      'Grazie per averla inviata.',
    );
    expect(renderCitizenMail('resolved', 'it', data(office, 'supporter')).text).toContain(
      'Grazie per averla sostenuta.',
    );
    expect(renderCitizenMail('resolved', 'en', data(office, 'supporter')).text).toContain(
      'Thank you for supporting it.',
    );
  });

  it('greets by the name given, in either language', () => {
    const office = OFFICES[0].name;
    expect(
      renderCitizenMail('received', 'it', data(office, 'reporter', 'Maria Rossi')).text,
    ).toMatch(/^Gentile Maria Rossi,/m);
    expect(
      renderCitizenMail('received', 'en', data(office, 'reporter', 'Maria Rossi')).text,
    ).toMatch(/^Dear Maria Rossi,/m);
  });

  it('says "all’ufficio competente:" before the office name when forwarding', () => {
    for (const office of OFFICES)
      expect(renderCitizenMail('received', 'it', data(office.name, 'reporter')).text).toContain(
        `inoltrata all’ufficio competente: ${office.name}.`,
      );
  });

  // The mails to an office read right for any office name of the seed (issue 14, item 4).
  const OFFICE_KINDS: OfficeMailKind[] = [
    'new_ticket',
    'reassigned',
    'assigned',
    'contractor_done',
  ];
  for (const office of OFFICES)
    for (const kind of OFFICE_KINDS)
      it(`office mail ${kind}, office "${office.name}"`, () => {
        const mail = renderOfficeMail(kind, {
          code: 'SRV-AAAA-BBBB',
          title: 'Buca davanti al civico',
          categoryName: 'Buca stradale',
          officeName: office.name,
          municipalityName: 'Seravezza',
          ticketUrl: 'http://segnala.test/ufficio/1',
          assigneeName: 'Giulia Neri',
        });
        for (const text of [mail.subject, mail.text]) {
          expectOfficeAfterColon(text, office.name);
          expect(text).not.toMatch(/assegnata a (?!te\b)/);
        }
        if (kind === 'reassigned') {
          expect(mail.subject).toContain(`affidata all’ufficio: ${office.name}`);
          expect(mail.text).toContain(`affidata all’ufficio competente: ${office.name}.`);
        }
      });

  it('place text: street and number, the address text, or nothing', () => {
    expect(placeText('Via Roma', '12', null)).toBe('Via Roma 12');
    expect(placeText('Via Roma', null, 'presso la fontana')).toBe('Via Roma, presso la fontana');
    expect(placeText(null, '12', 'Piazza Carducci')).toBe('Piazza Carducci');
    expect(placeText(null, null, ' ')).toBeNull();
  });

  it('field messages agree with the gender of the field and say what to do', () => {
    expect(tooLongMessage('description', 4000, 4100)).toBe(
      'La descrizione è troppo lunga: al massimo 4000 caratteri, ne hai scritti 4100. Accorciala e invia di nuovo.',
    );
    expect(tooLongMessage('title', 120, 130)).toMatch(/^Il titolo è troppo lungo: .*Accorcialo/);
    expect(requiredMessage('description')).toMatch(/^La descrizione è obbligatoria: scrivila/);
    for (const field of Object.keys(FIELD_NAMES) as (keyof typeof FIELD_NAMES)[]) {
      const feminine = FIELD_NAMES[field].feminine;
      expect(tooLongMessage(field, 10, 11)).toContain(feminine ? 'lunga' : 'lungo');
    }
  });
});
