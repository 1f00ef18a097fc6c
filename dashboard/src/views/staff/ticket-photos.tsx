// The citizen's photos: thumbnails; a click opens the full-size photo in a modal dialog (Esc closes it).
// Hidden photos (staff only) and those awaiting approval are marked; staff who may change the ticket
// approve, show or hide each (setAttachmentPublic).
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffAttachment } from '../../api/staff.operations';

interface Props {
  photos: StaffAttachment[];
  canToggle: boolean;
  /** Sets one photo public or hidden. */
  onSet: (photo: StaffAttachment, isPublic: boolean) => void;
}

export function TicketPhotos({ photos, canToggle, onSet }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState<number | null>(null);
  if (photos.length === 0) return null;
  const show = (i: number) => {
    setOpen(i);
    dialog.current?.showModal();
  };
  const current = open === null ? undefined : photos[open];
  const label = (i: number) => t('ticketPage.photo', { n: i + 1, count: photos.length });
  return (
    <section aria-labelledby="photos-title">
      <h2 id="photos-title">{t('ticketPage.photos')}</h2>
      <ul className="photos staff-photos">
        {photos.map((p, i) => (
          <li key={p.id}>
            <button
              type="button"
              className="photo-thumb"
              aria-label={t('ticketPage.photoOpen', { n: i + 1 })}
              onClick={() => show(i)}
            >
              <img src={p.url} alt={label(i)} loading="lazy" width={160} />
            </button>
            {p.pending ? (
              <span className="badge">{t('ticketPage.photoPending')}</span>
            ) : !p.public ? (
              <span className="badge">{t('ticketPage.photoHidden')}</span>
            ) : null}
            {canToggle && p.pending ? (
              <>
                <button type="button" className="small" onClick={() => onSet(p, true)}>
                  {t('ticketPage.photoApprove')}
                </button>
                <button type="button" className="secondary small" onClick={() => onSet(p, false)}>
                  {t('ticketPage.photoHide')}
                </button>
              </>
            ) : canToggle ? (
              <button type="button" className="secondary small" onClick={() => onSet(p, !p.public)}>
                {p.public ? t('ticketPage.photoHide') : t('ticketPage.photoShow')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <dialog
        ref={dialog}
        className="photo-dialog"
        aria-label={open === null ? undefined : label(open)}
        onClose={() => setOpen(null)}
      >
        {current && open !== null ? <img src={current.url} alt={label(open)} /> : null}
        <form method="dialog">
          <button type="submit">{t('ticketPage.closePhoto')}</button>
        </form>
      </dialog>
    </section>
  );
}
