//! The simulation's plot (plotters' bitmap backend; labels, tick numbers and legends in
//! the 5×7 dot font of [`super::glyphs`], no font files): left, recall of the true K
//! weakest modules against questions asked — fixed diagnostics under `errors` (red) and
//! `mastery` (blue), the adaptive diagnostic (green), the 90 % target (grey); right, the
//! RMSE of item difficulties against the truth after N learners — authors' (grey) and
//! calibrated (orange), N on a log scale.

use std::path::Path;

use anyhow::Context;
use plotters::prelude::*;

use super::glyphs;
use super::{Diagnostic, Report, TARGET_RECALL};

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 560;
/// Pixels per dot of the labels' font.
const SCALE: i32 = 2;
const INK: RGBColor = RGBColor(40, 40, 40);
const GREY: RGBColor = RGBColor(160, 160, 160);

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

/// A panel's chart, with room around it for the title, tick numbers and axis labels.
fn framed<'a, 'b>(area: &'a Area<'b>) -> ChartBuilder<'a, 'a, BitMapBackend<'b>> {
    let mut builder = ChartBuilder::on(area);
    builder
        .margin_top(70)
        .margin_bottom(70)
        .margin_left(90)
        .margin_right(30);
    builder
}

fn recall_panel(report: &Report, area: &Area<'_>) -> Result<(), Box<dyn std::error::Error>> {
    let max_q = report
        .diagnostics
        .iter()
        .map(|d| d.questions)
        .fold(10.0, f64::max)
        * 1.05;
    let mut chart = framed(area).build_cartesian_2d(0.0..max_q, 0.0..1.0)?;
    axes(&mut chart, (0.0, max_q), (0.0, 1.0), 0.1)?;
    let at = |x: f64, y: f64| pixel(area, chart.backend_coord(&(x, y)));
    let mut q = 0.0;
    while q <= max_q {
        x_tick(area, at(q, 0.0), &format!("{q:.0}"))?;
        q += 10.0;
    }
    for i in 0..=5 {
        let y = f64::from(i) * 0.2;
        y_tick(area, at(0.0, y), &format!("{y:.1}"))?;
    }
    let (left, bottom) = at(0.0, 0.0);
    let (right, top) = at(max_q, 1.0);
    x_label(
        area,
        (left + right) / 2,
        bottom,
        "QUESTIONS ASKED (MEAN PER LEARNER)",
    )?;
    y_label(area, left, (top + bottom) / 2, "RECALL")?;
    legend(
        area,
        (left, 12),
        &[
            ("FIXED, ERRORS", RGBColor(214, 39, 40)),
            ("FIXED, MASTERY", RGBColor(31, 119, 180)),
            ("ADAPTIVE", RGBColor(44, 160, 44)),
            ("TARGET 0.9", GREY),
        ],
    )?;
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
        GREY.stroke_width(2),
    ))?;
    for (points, color) in [
        (fixed_errors, RGBColor(214, 39, 40)),
        (fixed_mastery, RGBColor(31, 119, 180)),
        (adaptive, RGBColor(44, 160, 44)),
    ] {
        dotted_line(&mut chart, points, color)?;
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
    let mut chart = framed(area).build_cartesian_2d((5.0..max_n * 1.2).log_scale(), 0.0..max_e)?;
    let at = |x: f64, y: f64| pixel(area, chart.backend_coord(&(x, y)));
    for x in [10.0, 100.0, 1000.0]
        .into_iter()
        .filter(|x| *x <= max_n * 1.2)
    {
        x_tick(area, at(x, 0.0), &format!("{x:.0}"))?;
    }
    let mut e = 0.0;
    while e <= max_e + 1e-9 {
        y_tick(area, at(5.0, e), &format!("{e:.1}"))?;
        e += 0.1;
    }
    let (left, bottom) = at(5.0, 0.0);
    let (right, top) = at(max_n * 1.2, max_e);
    x_label(area, (left + right) / 2, bottom, "LEARNERS (LOG SCALE)")?;
    y_label(area, left, (top + bottom) / 2, "RMSE (LOGITS)")?;
    legend(
        area,
        (left, 12),
        &[("AUTHORS", GREY), ("CALIBRATED", RGBColor(255, 127, 14))],
    )?;
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
    for (points, color) in [(author, GREY), (calibrated, RGBColor(255, 127, 14))] {
        dotted_line(&mut chart, points, color)?;
    }
    Ok(())
}

/// One series: a line through `points` with a dot at each.
fn dotted_line<DB, CT>(
    chart: &mut ChartContext<'_, DB, CT>,
    points: Vec<(f64, f64)>,
    color: RGBColor,
) -> Result<(), Box<dyn std::error::Error>>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
    CT: CoordTranslate<From = (f64, f64)>,
{
    chart.draw_series(LineSeries::new(points.clone(), color.stroke_width(3)))?;
    chart.draw_series(
        points
            .into_iter()
            .map(|p| Circle::new(p, 5, color.filled())),
    )?;
    Ok(())
}

/// A backend (absolute) pixel in `area`'s own coordinates.
fn pixel(area: &Area<'_>, absolute: (i32, i32)) -> (i32, i32) {
    let base = area.get_base_pixel();
    (absolute.0 - base.0, absolute.1 - base.1)
}

type Drawn = Result<(), Box<dyn std::error::Error>>;

/// A tick under the x axis at `at` (a point on the axis) with its number below.
fn x_tick(area: &Area<'_>, at: (i32, i32), text: &str) -> Drawn {
    area.draw(&PathElement::new(
        [(at.0, at.1), (at.0, at.1 + 6)],
        INK.stroke_width(2),
    ))?;
    let w = glyphs::width(text, SCALE);
    glyphs::draw(area, text, (at.0 - w / 2, at.1 + 12), SCALE, INK)?;
    Ok(())
}

/// A tick left of the y axis at `at` with its number to the left.
fn y_tick(area: &Area<'_>, at: (i32, i32), text: &str) -> Drawn {
    area.draw(&PathElement::new(
        [(at.0 - 6, at.1), (at.0, at.1)],
        INK.stroke_width(2),
    ))?;
    let w = glyphs::width(text, SCALE);
    let h = glyphs::height(SCALE);
    glyphs::draw(area, text, (at.0 - 12 - w, at.1 - h / 2), SCALE, INK)?;
    Ok(())
}

/// The x axis' label, centred on `centre`, under the tick numbers of an axis at `axis_y`.
fn x_label(area: &Area<'_>, centre: i32, axis_y: i32, text: &str) -> Drawn {
    let w = glyphs::width(text, SCALE);
    glyphs::draw(area, text, (centre - w / 2, axis_y + 38), SCALE, INK)?;
    Ok(())
}

/// The y axis' label, one letter under the other, left of the tick numbers.
fn y_label(area: &Area<'_>, axis_x: i32, middle: i32, text: &str) -> Drawn {
    let h = i32::try_from(text.chars().count()).unwrap_or(0) * 9 * SCALE;
    glyphs::draw_along(
        area,
        text,
        (axis_x - 80, middle - h / 2),
        (0, 9),
        SCALE,
        INK,
    )?;
    Ok(())
}

/// A one-line legend: a colour swatch and the series' name for each, from `at`.
fn legend(area: &Area<'_>, at: (i32, i32), entries: &[(&str, RGBColor)]) -> Drawn {
    let (mut x, y) = at;
    let h = glyphs::height(SCALE);
    for (i, (name, color)) in entries.iter().enumerate() {
        if i == 2 {
            // Two entries a line: the panels are narrow.
            x = at.0;
        }
        let line_y = y + if i >= 2 { h + 12 } else { 0 };
        area.draw(&Rectangle::new(
            [(x, line_y), (x + 18, line_y + h)],
            color.filled(),
        ))?;
        glyphs::draw(area, name, (x + 26, line_y), SCALE, INK)?;
        x += 26 + glyphs::width(name, SCALE) + 24;
    }
    Ok(())
}
