//! The records-over-time chart (SVG, drawn with plotters; text as SVG `<text>`, no fonts).

use std::path::Path;

use plotters::prelude::*;

/// One line: a label and `(seconds, records written)` points.
pub struct Series {
    /// The legend text.
    pub label: String,
    /// Points in time order.
    pub points: Vec<(f64, f64)>,
}

/// Draws the series against the portal's ceiling line
/// (`(threshold + 1 + drain × t) × 50` records, capped at `total`).
pub fn records_over_time(
    path: &Path,
    title: &str,
    series: &[Series],
    drain: f64,
    threshold: f64,
    total: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    records_over_time_per_call(
        path,
        title,
        "records written",
        series,
        (drain, threshold, crate::BATCH as f64),
        total,
    )
}

/// [`records_over_time`] with the records one call can carry (`ceiling.2`: 50 for a batch
/// of writes, 2,500 for a batch of 50 list pages) and the y axis named.
pub fn records_over_time_per_call(
    path: &Path,
    title: &str,
    y_desc: &str,
    series: &[Series],
    ceiling: (f64, f64, f64),
    total: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let (drain, threshold, per_call) = ceiling;
    let x_max = series
        .iter()
        .flat_map(|s| s.points.last().map(|p| p.0))
        .fold(0.1_f64, f64::max)
        * 1.05;
    let y_max = total as f64 * 1.05;
    let root = SVGBackend::new(path, (800, 480)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
    chart
        .configure_mesh()
        .x_desc("seconds")
        .y_desc(y_desc)
        .draw()?;
    let steps = 200;
    let ceiling = (0..=steps).map(|i| {
        let t = x_max * i as f64 / steps as f64;
        (
            t,
            ((threshold + 1.0 + drain * t) * per_call).min(total as f64),
        )
    });
    chart
        .draw_series(LineSeries::new(ceiling, BLACK.stroke_width(1)))?
        .label(format!(
            "portal ceiling: {per_call} × (threshold + 1 + drain × t)"
        ))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK));
    let colors = [RED, BLUE, GREEN, MAGENTA];
    for (s, color) in series.iter().zip(colors.iter().cycle()) {
        let color = *color;
        chart
            .draw_series(LineSeries::new(
                s.points.iter().copied(),
                color.stroke_width(2),
            ))?
            .label(s.label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}
