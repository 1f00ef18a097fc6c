// Up to three photos, uploaded as soon as they are chosen (POST /attachments), with previews.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UploadError, uploadPhoto } from '../../api/attachments';
import { isOfflineError } from './offline-queue';

export interface Photo {
  id: string;
  name: string;
  previewUrl: string;
  /** Chosen without network: kept on the device and uploaded when the report is sent (offline-queue.ts). */
  file?: Blob;
}

export const MAX_PHOTOS = 3;

export function PhotoPicker({
  photos,
  onChange,
  error,
  max = MAX_PHOTOS,
  labels,
}: {
  photos: Photo[];
  onChange: (p: Photo[]) => void;
  error?: string;
  /** How many photos the form takes (a "non è risolto" takes one, with its own label and button). */
  max?: number;
  labels?: { label: string; choose: string };
}) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<string | null>(null);

  const add = async (files: FileList | null) => {
    if (!files) return;
    setMessage(null);
    const chosen = Array.from(files);
    if (photos.length + chosen.length > max) setMessage(t('report.tooManyPhotos'));
    let next = [...photos];
    setBusy(true);
    for (const file of chosen.slice(0, max - photos.length)) {
      try {
        const id = await uploadPhoto(file, i18n.language);
        next = [...next, { id, name: file.name, previewUrl: URL.createObjectURL(file) }];
        onChange(next);
      } catch (e) {
        if (!(e instanceof UploadError) && isOfflineError(e, navigator.onLine)) {
          // No network: the photo waits on the device with the report (checked again when uploaded).
          const id = `local-${Date.now()}-${next.length}`;
          next = [...next, { id, name: file.name, previewUrl: URL.createObjectURL(file), file }];
          onChange(next);
          setMessage(t('offline.photoKept', { name: file.name }));
          continue;
        }
        const found = e instanceof UploadError ? e.reason : 'unknown';
        // The server's own pixel refusal carries no dimensions: the sentence without them.
        const reason =
          found === 'too_many_pixels' && !(e instanceof UploadError && e.details.width)
            ? 'too_many_pixels_plain'
            : found;
        setMessage(
          t('report.uploadFailed', {
            name: file.name,
            message: t(`report.uploadRefused.${reason}`, {
              minutes: Math.ceil(((e instanceof UploadError && e.retryAfterSeconds) || 60) / 60),
              ...(e instanceof UploadError ? e.details : {}),
            }),
          }),
        );
      }
    }
    setBusy(false);
  };

  const describedBy = ['photos-hint', message || error ? 'photos-error' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor="photos">{labels?.label ?? t('report.photos')}</label>
      <p id="photos-hint" className="hint">
        {t('report.photosHint')}
      </p>
      {/* The browser's own file button speaks the browser's language ("Choose Files" on an Italian
          page): the input stays (focusable, labelled), drawn as a button of the page's language. */}
      <div className="file-picker">
        <input
          ref={input}
          id="photos"
          type="file"
          className="file-input"
          accept="image/jpeg,image/png,image/webp"
          multiple={max > 1}
          disabled={busy || photos.length >= max}
          aria-describedby={describedBy}
          onChange={(e) => {
            void add(e.target.files);
            e.target.value = '';
          }}
        />
        <span className="file-button" aria-hidden="true" onClick={() => input.current?.click()}>
          {labels?.choose ?? t('report.choosePhotos')}
        </span>
      </div>
      {busy ? <p role="status">{t('report.uploading')}</p> : null}
      {message || error ? (
        <p id="photos-error" className="error-text" role="alert">
          {message ?? error}
        </p>
      ) : null}
      {photos.length > 0 ? (
        <ul className="photo-previews">
          {photos.map((photo, i) => (
            <li key={photo.id}>
              <img src={photo.previewUrl} alt={photo.name} width={96} height={96} />
              <button
                type="button"
                className="secondary"
                onClick={() => onChange(photos.filter((p) => p.id !== photo.id))}
                aria-label={t('report.removePhoto', { n: i + 1 })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
