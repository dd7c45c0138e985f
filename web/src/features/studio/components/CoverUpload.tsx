import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorState, Notice, useFormErrors } from '../../../ui';
import { useUploadCover, type Course } from '../hooks';

/** Uploads the course's cover; the server's verdict (type, size, not an image) shows under the input. */
export function CoverUpload({ course }: { course: Course }) {
  const { t } = useTranslation();
  const upload = useUploadCover(course.slug);
  const errors = useFormErrors();
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    errors.clear();
    setDone(false);
    try {
      await upload.mutateAsync(file);
      setDone(true);
      setFile(null);
    } catch (err) {
      errors.fail(err);
    }
  };
  // A file-level problem comes back as a field error on `cover`, or as the whole error (413/415).
  const fieldError = errors.fields.cover;
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} aria-labelledby="cover-h" noValidate>
      <h2 id="cover-h">{t('studio.cover.title')}</h2>
      {course.cover_image_url ? (
        <img className="cover-preview" src={course.cover_image_url} alt={t('studio.cover.current')} width={320} height={180} />
      ) : (
        <p className="muted">{t('studio.cover.none')}</p>
      )}
      <div className={`field${fieldError ? ' field-invalid' : ''}`}>
        <label htmlFor="cover-file">{t('studio.cover.pick')}</label>
        <input
          id="cover-file"
          type="file"
          accept="image/png,image/jpeg,image/webp"
          aria-describedby={fieldError ? 'cover-hint cover-err' : 'cover-hint'}
          aria-invalid={fieldError ? true : undefined}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            errors.clear();
            setDone(false);
          }}
        />
        <p id="cover-hint" className="field-hint">
          {t('studio.cover.hint')}
        </p>
        {fieldError && (
          <p id="cover-err" className="field-error">
            {fieldError}
          </p>
        )}
      </div>
      {errors.form != null && <ErrorState error={errors.form} />}
      {done && <Notice kind="success">{t('studio.cover.done')}</Notice>}
      <div>
        <Button type="submit" variant="secondary" busy={upload.isPending} disabled={!file}>
          {t('studio.cover.upload')}
        </Button>
      </div>
    </form>
  );
}
