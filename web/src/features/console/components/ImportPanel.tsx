import { useMemo, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import { Button, Notice, TextAreaField, errorMessage } from '../../../ui';
import { useInvalidateTrack } from '../hooks';
import { useAdminApi } from '../session';
import { attachErrors, fieldList, parseDocument, rowsOf, type ImportRow } from '../importRows';

/**
 * The JSON import: the document's rows are listed as they are typed; after a refused import
 * each row shows its own errors (the server validates the whole document and writes nothing
 * when a row is bad), so the admin fixes those rows and imports again.
 */
export function ImportPanel({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const { client } = useAdminApi();
  const invalidate = useInvalidateTrack();
  const [text, setText] = useState('');
  const [rowErrors, setRowErrors] = useState<Array<{ field: string; message: string }>>([]);
  const parsed = useMemo(() => (text.trim() ? parseDocument(text) : null), [text]);
  const rows = parsed?.ok ? rowsOf(parsed.doc) : [];
  const { rows: shown, other } = attachErrors(rows, rowErrors);
  const bad = shown.filter((r) => r.errors.length > 0).length;

  const run = useMutation({
    mutationFn: () => {
      if (!parsed?.ok) throw new Error('unparsed');
      return unwrap(client.POST('/api/v1/admin/tracks/{slug}/import', { params: { path: { slug } }, body: parsed.doc }));
    },
    onMutate: () => setRowErrors([]),
    onSuccess: () => invalidate(slug),
    onError: (e) => {
      if (e instanceof ApiError && e.status === 422) setRowErrors(fieldList(e.details));
    },
  });

  return (
    <div>
      <TextAreaField
        label={t('console.import.document')}
        hint={t('console.import.hint')}
        className="console-json"
        value={text}
        rows={14}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        error={parsed && !parsed.ok ? t('console.import.notJson', { message: parsed.message }) : undefined}
      />
      <div className="console-actions console-section">
        <Button busy={run.isPending} disabled={!parsed?.ok} onClick={() => run.mutate()}>
          {t('console.import.run')}
        </Button>
      </div>
      {run.isSuccess && (
        <Notice kind="success">
          {t('console.import.done', {
            modules: run.data.modules_created,
            questions: run.data.questions_created,
            articles: run.data.articles_created,
          })}
        </Notice>
      )}
      {run.isError && (
        <Notice kind="error">
          {rowErrors.length > 0 ? t('console.import.refused', { count: bad }) : errorMessage(run.error, t)}
        </Notice>
      )}
      {other.length > 0 && (
        <ul>
          {other.map((e) => (
            <li key={`${e.field}:${e.message}`} className="row-error">
              {e.field}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="console-table">
            <caption className="visually-hidden">{t('console.import.rows')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.import.row')}</th>
                <th scope="col">{t('console.import.content')}</th>
                <th scope="col">{t('console.import.errors')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <Row key={r.key} row={r} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function Row({ row }: { row: ImportRow }) {
  const { t } = useTranslation();
  const invalid = row.errors.length > 0;
  return (
    <tr className={invalid ? 'row-invalid' : undefined} data-row={row.key}>
      <th scope="row">
        {t(`console.import.sections.${row.section}`)} {row.index + 1}
      </th>
      <td>{row.summary}</td>
      <td>
        {invalid ? (
          <ul className="plain-list">
            {row.errors.map((e) => (
              <li key={`${e.field}:${e.message}`} className="row-error">
                {e.field}: {e.message}
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  );
}
