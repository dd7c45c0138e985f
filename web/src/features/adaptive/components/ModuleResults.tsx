import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../../ui';

export interface ModuleScore {
  module: string;
  correct: number;
  total: number;
}

/** Per-module scores as a bar chart of percentages, with the same numbers as a table. */
export function ModuleResults({ title, scores }: { title: string; scores: ModuleScore[] }) {
  const { t } = useTranslation();
  const x = useMemo(() => scores.map((_, i) => i), [scores]);
  const labels = useMemo(() => scores.map((s) => s.module), [scores]);
  const series = useMemo(
    () => [{ label: t('adaptive.result.percentCorrect'), values: scores.map((s) => (s.total ? Math.round((s.correct * 100) / s.total) : 0)) }],
    [scores, t],
  );
  const fmt = useMemo(() => (v: number) => `${Math.round(v)} %`, []);
  return (
    <>
      <Chart title={title} x={x} xLabels={labels} series={series} kind="bars" height={200} format={fmt} yMax={100} />
      <table className="module-table">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('adaptive.result.module')}</th>
            <th scope="col">{t('adaptive.result.correct')}</th>
          </tr>
        </thead>
        <tbody>
          {scores.map((s) => (
            <tr key={s.module}>
              <th scope="row">{s.module}</th>
              <td>{t('adaptive.result.correctOf', { correct: s.correct, total: s.total })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
