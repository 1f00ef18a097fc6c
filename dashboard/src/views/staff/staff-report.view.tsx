// /ufficio/nuova — a report taken by staff for a citizen who phoned, came to the desk (URP), wrote an
// e-mail or a PEC: the citizen form's map, category, duplicate hints and photos, with the channel and
// the citizen's contact optional. On success the tracking code is shown large, to read to the citizen.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation } from 'urql';
import {
  CREATE_STAFF_REPORT_MUTATION,
  STAFF_CHANNELS,
  type StaffChannel,
  type StaffReportData,
} from '../../api/contractor.operations';
import { formErrors } from '../../api/errors';
import type { LonLat } from '../../map/geo';
import { Field } from '../common/field';
import { categoryName, useCategories } from '../common/use-categories';
import { LocationPicker } from '../report/location-picker';
import { NearbyList } from '../report/nearby-list';
import { PhotoPicker, type Photo } from '../report/photo-picker';

const FIELD_ALIASES: Record<string, string> = {
  categoryId: 'category',
  attachmentIds: 'photos',
  lat: 'location',
  lon: 'location',
};
const FIELD_ORDER = [
  'channel',
  'location',
  'category',
  'title',
  'description',
  'photos',
  'email',
  'name',
  'phone',
  'privacyConsent',
];

export function StaffReportView() {
  const { t, i18n } = useTranslation();
  const categories = useCategories();
  const [channel, setChannel] = useState<StaffChannel>('PHONE');
  const [point, setPoint] = useState<LonLat | null>(null);
  const [categoryId, setCategoryId] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [houseNumber, setHouseNumber] = useState('');
  const [phone, setPhone] = useState('');
  const [locale, setLocale] = useState<'it' | 'en'>('it');
  const [consent, setConsent] = useState(false);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [result, submit] = useMutation<StaffReportData>(CREATE_STAFF_REPORT_MUTATION);
  const [done, setDone] = useState<StaffReportData['createStaffReport']['ticket'] | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const server = formErrors(result.error, FIELD_ALIASES);
  const errors: Record<string, string> = { ...server.fields, ...clientErrors };
  const personal = Boolean(email.trim() || name.trim() || phone.trim());

  const reset = () => {
    setPoint(null);
    setTitle('');
    setDescription('');
    setEmail('');
    setName('');
    setPhone('');
    setConsent(false);
    setPhotos([]);
    setDone(null);
  };

  if (done)
    return (
      <section className="success" aria-labelledby="staff-report-done">
        <h1 id="staff-report-done" tabIndex={-1} ref={(h) => h?.focus()}>
          {t('staffReport.doneTitle')}
        </h1>
        <p>{t('staffReport.readCode')}</p>
        <p className="tracking-code" id="tracking-code" data-testid="staff-report-code">
          {done.code}
        </p>
        <p>{t('staffReport.routed', { office: done.office.name })}</p>
        <p>
          <Link to={`/ufficio/${done.id}`}>{t('staffReport.open')}</Link>{' '}
          <button type="button" className="secondary" onClick={reset}>
            {t('staffReport.another')}
          </button>
        </p>
      </section>
    );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!point) found.location = t('report.needPin');
    if (!categoryId) found.category = t('report.requiredCategory');
    if (!title.trim()) found.title = t('report.requiredTitle');
    if (!description.trim()) found.description = t('report.requiredDescription');
    if (personal && !consent) found.privacyConsent = t('staffReport.needConsent');
    setClientErrors(found);
    if (Object.keys(found).length > 0 || !point) {
      summary.current?.focus();
      return;
    }
    const response = await submit({
      input: {
        channel,
        categoryId,
        location: { lon: point[0], lat: point[1] },
        title: title.trim(),
        description: description.trim(),
        email: email.trim() || null,
        name: name.trim() || null,
        houseNumber: houseNumber.trim() || null,
        phone: phone.trim() || null,
        attachmentIds: photos.map((p) => p.id),
        privacyConsent: personal ? consent : null,
        locale,
      },
    });
    if (response.data) setDone(response.data.createStaffReport.ticket);
    else summary.current?.focus();
  };

  const errorList = FIELD_ORDER.filter((f) => errors[f]);
  const showSummary = errorList.length > 0 || server.general.length > 0;
  return (
    <section aria-labelledby="staff-report-title">
      <p>
        <Link to="/ufficio">{t('staff.back')}</Link>
      </p>
      <h1 id="staff-report-title">{t('staffReport.title')}</h1>
      <p>{t('staffReport.intro')}</p>
      <div
        ref={summary}
        tabIndex={-1}
        className={showSummary ? 'error-summary' : 'visually-hidden'}
        role="alert"
      >
        {showSummary ? (
          <ul>
            {errorList.map((f) => (
              <li key={f}>
                <a href={`#${f === 'location' ? 'location' : `f-${f}`}`}>{errors[f]}</a>
              </li>
            ))}
            {server.general.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <form noValidate onSubmit={(e) => void onSubmit(e)} className="report-form">
        <div className="report-grid">
          <div>
            <LocationPicker
              value={point}
              onChange={setPoint}
              error={errors.location}
              houseNumber={houseNumber}
              onHouseNumberChange={setHouseNumber}
              houseNumberError={errors.houseNumber}
            />
          </div>
          <div>
            <fieldset>
              <legend>{t('staffReport.how')}</legend>
              <Field
                id="f-channel"
                label={t('staffReport.channel')}
                error={errors.channel}
                required
              >
                <select
                  value={channel}
                  onChange={(e) => setChannel(e.target.value as StaffChannel)}
                >
                  {STAFF_CHANNELS.map((c) => (
                    <option key={c} value={c}>
                      {t(`staffReport.channels.${c}`)}
                    </option>
                  ))}
                </select>
              </Field>
            </fieldset>
            <fieldset>
              <legend>{t('report.what')}</legend>
              <Field id="f-category" label={t('report.category')} error={errors.category} required>
                <select value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
                  <option value="">{t('report.chooseCategory')}</option>
                  {categories.map((c) => (
                    <option key={c.id} value={c.id}>
                      {categoryName(c, i18n.language)}
                    </option>
                  ))}
                </select>
              </Field>
              {point && categoryId ? (
                <NearbyList point={point} categoryId={categoryId} email={email} />
              ) : null}
              <Field id="f-title" label={t('report.titleField')} error={errors.title} required>
                <input
                  type="text"
                  maxLength={120}
                  value={title}
                  onChange={(e) => setTitle(e.target.value)}
                />
              </Field>
              <Field
                id="f-description"
                label={t('report.description')}
                error={errors.description}
                required
              >
                <textarea
                  rows={5}
                  maxLength={4000}
                  value={description}
                  onChange={(e) => setDescription(e.target.value)}
                />
              </Field>
              <PhotoPicker photos={photos} onChange={setPhotos} error={errors.photos} />
            </fieldset>
            <fieldset>
              <legend>{t('staffReport.citizen')}</legend>
              <p className="hint">{t('staffReport.contactHint')}</p>
              <Field
                id="f-email"
                label={t('staffReport.email')}
                hint={t('staffReport.emailHint')}
                error={errors.email}
              >
                <input
                  type="email"
                  autoComplete="off"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                />
              </Field>
              <Field id="f-name" label={t('report.name')} error={errors.name}>
                <input
                  type="text"
                  autoComplete="off"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                />
              </Field>
              <Field id="f-phone" label={t('staffReport.phone')} error={errors.phone}>
                <input
                  type="tel"
                  autoComplete="off"
                  maxLength={40}
                  value={phone}
                  onChange={(e) => setPhone(e.target.value)}
                />
              </Field>
              <Field id="f-locale" label={t('staffReport.locale')}>
                <select
                  value={locale}
                  onChange={(e) => setLocale(e.target.value === 'en' ? 'en' : 'it')}
                >
                  <option value="it">Italiano</option>
                  <option value="en">English</option>
                </select>
              </Field>
              <div className={`checkbox${errors.privacyConsent ? ' field-invalid' : ''}`}>
                <input
                  id="f-privacyConsent"
                  type="checkbox"
                  checked={consent}
                  onChange={(e) => setConsent(e.target.checked)}
                  aria-invalid={errors.privacyConsent ? true : undefined}
                  aria-describedby={errors.privacyConsent ? 'f-privacyConsent-error' : undefined}
                />
                <label htmlFor="f-privacyConsent">{t('staffReport.consent')}</label>
              </div>
              {errors.privacyConsent ? (
                <p id="f-privacyConsent-error" className="error-text">
                  {errors.privacyConsent}
                </p>
              ) : null}
            </fieldset>
            <button type="submit" className="primary" disabled={result.fetching}>
              {result.fetching ? t('report.sending') : t('staffReport.submit')}
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}
