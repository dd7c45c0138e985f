import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';
import { unwrap } from '../../../api/client';
import { useApi } from '../../../api/context';
import { apiErrorFrom } from '../../../api/errors';
import { Button, ErrorState, Notice, errorMessage } from '../../../ui';
import { formatNumber } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import '../ml.css';

type Forward = components['schemas']['ForwardResponse'];
type Classification = components['schemas']['ClassificationDto'];

const MAX_FILES = 8;
const MAX_BYTES = 10 * 1024 * 1024;
const TYPES = ['image/jpeg', 'image/png', 'image/webp'];

interface Picked {
  file: File;
  url: string;
  problem: string | null;
}

export default function PlaygroundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('ml.title'));
  const { client, fetch: apiFetch } = useApi();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<Picked[]>([]);
  const [tooMany, setTooMany] = useState(false);
  const [dragging, setDragging] = useState(false);
  const models = useQuery({ queryKey: ['ml', 'models'], queryFn: () => unwrap(client.GET('/api/v1/ml/models')), retry: false });
  const classify = useMutation({
    mutationFn: async (picked: Picked[]): Promise<Forward> => {
      const body = new FormData();
      for (const p of picked) body.append('image', p.file, p.file.name);
      body.append('top_k', '5');
      const res = await apiFetch('/api/v1/ml/forward', { method: 'POST', body });
      if (!res.ok) throw await apiErrorFrom(res);
      return (await res.json()) as Forward;
    },
  });

  // Object URLs are freed when the selection changes or the page closes.
  useEffect(() => () => files.forEach((f) => URL.revokeObjectURL(f.url)), [files]);

  const add = (list: FileList | null) => {
    if (!list) return;
    const incoming = Array.from(list);
    setTooMany(files.length + incoming.length > MAX_FILES);
    const next = [...files.map((f) => ({ ...f, url: URL.createObjectURL(f.file) })), ...incoming.map((file) => ({ file, url: URL.createObjectURL(file), problem: check(file) }))].slice(0, MAX_FILES);
    setFiles(next);
    classify.reset();
  };
  const check = (file: File): string | null => {
    if (file.size > MAX_BYTES) return t('ml.tooLarge', { size: formatNumber(file.size / 1048576), max: 10 });
    if (file.type && !file.type.startsWith('image/')) return t('ml.notImage');
    if (file.type && !TYPES.includes(file.type)) return t('ml.format', { type: file.type });
    return null;
  };
  const remove = (i: number) => {
    setFiles(files.filter((_, j) => j !== i).map((f) => ({ ...f, url: URL.createObjectURL(f.file) })));
    setTooMany(false);
    classify.reset();
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    add(e.dataTransfer.files);
  };
  const ok = files.filter((f) => !f.problem);
  const results = classify.data ? (classify.data.results?.length ? classify.data.results : [classify.data.result]) : [];

  return (
    <>
      <h1>{t('ml.title')}</h1>
      <p>{t('ml.intro')}</p>
      {models.data && models.data.models.length > 0 && (
        <p className="muted">{t('ml.model', { name: models.data.models.map((m) => `${m.name} ${m.version}`).join(', ') })}</p>
      )}
      {models.data && models.data.status !== 'ready' && <Notice kind="error">{models.data.message ?? t('errors.codes.model_unavailable')}</Notice>}
      {models.isError && <ErrorState error={models.error} />}
      <div
        className={`dropzone${dragging ? ' dropzone-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>{t('ml.drop')}</p>
        <label htmlFor={inputId} className="btn btn-secondary">
          {t('ml.pick')}
        </label>
        <input id={inputId} ref={input} className="visually-hidden" type="file" accept="image/*" multiple onChange={(e) => {
          add(e.target.files);
          e.target.value = '';
        }} />
        <p className="field-hint">{t('ml.limits', { count: MAX_FILES, max: 10 })}</p>
      </div>
      {tooMany && <Notice kind="error">{t('ml.tooMany', { count: MAX_FILES })}</Notice>}
      {files.length > 0 && (
        <ul className="previews plain-list">
          {files.map((f, i) => {
            const res = classify.data ? results[ok.indexOf(f)] : undefined;
            return (
              <li key={`${f.file.name}-${i}`} className="card preview">
                <img src={f.url} alt={t('ml.previewOf', { name: f.file.name })} />
                <p className="preview-name">{f.file.name}</p>
                {f.problem && <p className="field-error">{f.problem}</p>}
                {res && 'predictions' in res && <Predictions result={res as Classification} />}
                <Button variant="ghost" onClick={() => remove(i)}>
                  {t('ml.remove')}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="row">
        <Button onClick={() => classify.mutate(ok)} busy={classify.isPending} disabled={ok.length === 0}>
          {t('ml.classify', { count: ok.length })}
        </Button>
        {files.length > 0 && (
          <Button variant="secondary" onClick={() => { setFiles([]); classify.reset(); setTooMany(false); }}>
            {t('ml.clear')}
          </Button>
        )}
      </div>
      <div aria-live="polite">
        {classify.isError && <Notice kind="error">{errorMessage(classify.error, t)}</Notice>}
        {classify.data && (
          <Notice kind="success">
            {t('ml.done', { count: results.length, ms: formatNumber(classify.data.processing_time_ms ?? 0) })}
          </Notice>
        )}
      </div>
    </>
  );
}

function Predictions({ result }: { result: Classification }) {
  const { t } = useTranslation();
  return (
    <div className="predictions">
      <p>
        <strong>{result.top_class}</strong>
      </p>
      <ol className="plain-list">
        {result.predictions.map((p) => (
          <li key={p.index} className="prediction">
            <span className="prediction-label">{p.class}</span>
            <progress max={1} value={p.probability} aria-label={t('ml.probabilityOf', { label: p.class })} />
            <span className="prediction-value">{formatNumber(p.probability * 100)} %</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
