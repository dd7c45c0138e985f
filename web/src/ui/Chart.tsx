import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** A CSS colour; defaults cycle through the palette below (all ≥ 3:1 on white). */
  color?: string;
}

export interface ChartProps {
  /** What the chart shows, in words: the accessible name of the figure. */
  title: string;
  /** X values: unix seconds when `time` is true, else 0..n-1 with `xLabels` naming them. */
  x: number[];
  xLabels?: string[];
  series: ChartSeries[];
  time?: boolean;
  /** `bars` draws each series as bars (distributions); `line` as lines (over time). */
  kind?: 'line' | 'bars';
  height?: number;
  /** Formats a value for the table and the axis (e.g. `(v) => `${v} ms``). */
  format?: (v: number) => string;
  /** Fixes the value axis to 0..yMax (e.g. 100 for percentages). */
  yMax?: number;
}

const PALETTE = ['#1d4ed8', '#b45309', '#047857', '#b91c1c', '#6d28d9'];

/**
 * A chart drawn with uPlot, loaded on demand (the library is only fetched by pages that
 * chart), with the same numbers as a table for screen readers and keyboard users. The
 * figure keeps its height while the library loads, so nothing below it moves.
 */
export function Chart({ title, x, xLabels, series, time = false, kind = 'line', height = 220, format, yMax }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | null = null;
    let observer: ResizeObserver | null = null;
    let cancelled = false;
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')])
      .then(([mod]) => {
        if (cancelled) return;
        const UPlot = mod.default;
        const fmt = format ?? ((v: number) => String(v));
        const opts: uPlot.Options = {
          width: Math.max(el.clientWidth, 200),
          height,
          // Named categories (bars): one tick per category, half a slot of room at each end.
          scales: {
            x: xLabels && !time ? { time: false, range: () => [-0.5, x.length - 0.5] } : { time },
            // A fixed value range when asked (e.g. 0–100 %); bars otherwise grow from zero.
            ...(yMax != null
              ? { y: { range: [0, yMax] as uPlot.Range.MinMax } }
              : kind === 'bars'
                ? { y: { range: (_u: uPlot, _min: number, max: number) => [0, max > 0 ? max * 1.1 : 1] as uPlot.Range.MinMax } }
                : {}),
          },
          axes: [
            {
              values: xLabels ? (_u, splits) => splits.map((s) => (Number.isInteger(s) ? (xLabels[s] ?? '') : '')) : undefined,
              splits: xLabels && !time ? () => x : undefined,
            },
            // Room for formatted values such as "1,250 ms" (uPlot's default cuts them).
            { values: (_u, splits) => splits.map((s) => fmt(s)), size: 72 },
          ],
          series: [
            {},
            ...series.map((s, i) => ({
              label: s.label,
              stroke: s.color ?? PALETTE[i % PALETTE.length],
              fill: kind === 'bars' ? `${s.color ?? PALETTE[i % PALETTE.length]}33` : undefined,
              width: 2,
              paths: kind === 'bars' && UPlot.paths.bars ? UPlot.paths.bars({ size: [0.6, 60] }) : undefined,
              value: (_u: uPlot, v: number | null) => (v == null ? '—' : fmt(v)),
            })),
          ],
        };
        plot = new UPlot(opts, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
        observer = new ResizeObserver(() => plot?.setSize({ width: Math.max(el.clientWidth, 200), height }));
        observer.observe(el);
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [x, xLabels, series, time, kind, height, format, yMax]);

  const fmt = format ?? ((v: number) => String(v));
  const label = (i: number) =>
    xLabels?.[i] ?? (time ? new Date((x[i] ?? 0) * 1000).toLocaleDateString() : String(x[i] ?? ''));

  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      {!failed && <div ref={box} className="chart-canvas" style={{ minHeight: height + 40 }} aria-hidden="true" />}
      <table className={failed ? 'chart-table' : 'chart-table visually-hidden'}>
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{time ? '⏱' : '#'}</th>
            {series.map((s) => (
              <th scope="col" key={s.label}>
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {x.map((_, i) => (
            <tr key={i}>
              <th scope="row">{label(i)}</th>
              {series.map((s) => (
                <td key={s.label}>{s.values[i] == null ? '—' : fmt(s.values[i] as number)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
