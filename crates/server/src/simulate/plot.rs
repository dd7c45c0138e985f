//! The simulation's plot, drawn without fonts (plotters' bitmap backend only; the
//! README's caption names the series): left, recall of the true K weakest modules
//! against questions asked — fixed diagnostics under `errors` (red) and `mastery`
//! (blue), the adaptive diagnostic (green), the 90 % target (grey); right, the RMSE of
//! item difficulties against the truth after N learners — authors' (grey) and calibrated
//! (orange), N on a log scale.

use std::path::Path;

use anyhow::Context;
use plotters::prelude::*;

use super::{Diagnostic, Report, TARGET_RECALL};

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 500;

pub fn write_png(report: &Report, path: &Path) -> anyhow::Result<()> {
    let mut buffer = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| anyhow::anyhow!("{e}"))?;
        let (left, right) = root.split_horizontally(WIDTH / 2);
        recall_panel(report, &left).map_err(|e| anyhow::anyhow!("{e}"))?;
        calibration_panel(report, &right).map_err(|e| anyhow::anyhow!("{e}"))?;
        root.present().map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let file = std::fs::File::create(path).with_context(|| format!("{}", path.display()))?;
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&buffer)?;
    Ok(())
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

fn recall_panel(report: &Report, area: &Area<'_>) -> Result<(), Box<dyn std::error::Error>> {
    let max_q = report
        .diagnostics
        .iter()
        .map(|d| d.questions)
        .fold(10.0, f64::max)
        * 1.05;
    let mut chart = ChartBuilder::on(area)
        .margin(30)
        .x_label_area_size(10)
        .y_label_area_size(10)
        .build_cartesian_2d(0.0..max_q, 0.0..1.0)?;
    axes(&mut chart, (0.0, max_q), (0.0, 1.0), 0.1)?;
    let series = |pick: &dyn Fn(&Diagnostic) -> bool| -> Vec<(f64, f64)> {
        let mut v: Vec<(f64, f64)> = report
            .diagnostics
            .iter()
            .filter(|d| pick(&d.config))
            .map(|d| (d.questions, d.recall))
            .collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v
    };
    let fixed_errors = series(&|c| matches!(c, Diagnostic::Fixed { mastery: false, .. }));
    let fixed_mastery = series(&|c| matches!(c, Diagnostic::Fixed { mastery: true, .. }));
    let adaptive = series(&|c| matches!(c, Diagnostic::Adaptive { .. }));
    chart.draw_series(LineSeries::new(
        [(0.0, TARGET_RECALL), (max_q, TARGET_RECALL)],
        RGBColor(160, 160, 160).stroke_width(2),
    ))?;
    for (points, color) in [
        (fixed_errors, RGBColor(214, 39, 40)),
        (fixed_mastery, RGBColor(31, 119, 180)),
        (adaptive, RGBColor(44, 160, 44)),
    ] {
        chart.draw_series(LineSeries::new(points.clone(), color.stroke_width(3)))?;
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 5, color.filled())),
        )?;
    }
    Ok(())
}

/// Axes and light horizontal grid lines every `step` (plotters' mesh would draw text,
/// which needs a font).
fn axes<DB: DrawingBackend>(
    chart: &mut ChartContext<
        '_,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    x: (f64, f64),
    y: (f64, f64),
    step: f64,
) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let mut level = y.0 + step;
    while level < y.1 + 1e-9 {
        chart.draw_series(LineSeries::new(
            [(x.0, level), (x.1, level)],
            RGBColor(225, 225, 225),
        ))?;
        level += step;
    }
    chart.draw_series(LineSeries::new(
        [(x.0, y.0), (x.1, y.0)],
        BLACK.stroke_width(2),
    ))?;
    chart.draw_series(LineSeries::new(
        [(x.0, y.0), (x.0, y.1)],
        BLACK.stroke_width(2),
    ))?;
    Ok(())
}

fn calibration_panel(report: &Report, area: &Area<'_>) -> Result<(), Box<dyn std::error::Error>> {
    if report.calibration.is_empty() {
        return Ok(());
    }
    let max_n = report
        .calibration
        .iter()
        .map(|c| c.learners as f64)
        .fold(10.0, f64::max);
    let max_e = report
        .calibration
        .iter()
        .map(|c| c.author_rmse.max(c.calibrated_rmse))
        .fold(0.1, f64::max)
        * 1.1;
    let mut chart = ChartBuilder::on(area)
        .margin(30)
        .x_label_area_size(10)
        .y_label_area_size(10)
        .build_cartesian_2d((5.0..max_n * 1.2).log_scale(), 0.0..max_e)?;
    for x in [10.0, 100.0, 1000.0]
        .into_iter()
        .filter(|x| *x <= max_n * 1.2)
    {
        chart.draw_series(LineSeries::new(
            [(x, 0.0), (x, max_e)],
            RGBColor(225, 225, 225),
        ))?;
    }
    chart.draw_series(LineSeries::new(
        [(5.0, 0.0), (max_n * 1.2, 0.0)],
        BLACK.stroke_width(2),
    ))?;
    chart.draw_series(LineSeries::new(
        [(5.0, 0.0), (5.0, max_e)],
        BLACK.stroke_width(2),
    ))?;
    let author: Vec<(f64, f64)> = report
        .calibration
        .iter()
        .map(|c| (c.learners as f64, c.author_rmse))
        .collect();
    let calibrated: Vec<(f64, f64)> = report
        .calibration
        .iter()
        .map(|c| (c.learners as f64, c.calibrated_rmse))
        .collect();
    for (points, color) in [
        (author, RGBColor(160, 160, 160)),
        (calibrated, RGBColor(255, 127, 14)),
    ] {
        chart.draw_series(LineSeries::new(points.clone(), color.stroke_width(3)))?;
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 5, color.filled())),
        )?;
    }
    Ok(())
}
