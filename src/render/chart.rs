//! Small bar charts as inline SVG, drawn at build time (no JavaScript).
//!
//! A chart is an image with a `<title>` and `<desc>` (named by
//! `aria-labelledby`); each bar carries its own `<title>` as a tooltip. The
//! colours come from CSS custom properties through classes (`chart-bar`,
//! `chart-grid`, `chart-axis`, `chart-label`), so the light and dark themes
//! both apply. The page shows the same figures in a table beside it.

use super::markdown::escape_attr as escape;
use std::collections::HashMap;
use std::fmt::Write;
use tera::Value;

/// One bar: its axis label, its value and the tooltip text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bar {
    pub label: String,
    pub value: usize,
    pub tooltip: String,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 36.0;
/// Horizontal room one axis label needs, in viewBox units.
const LABEL_ROOM: f64 = 64.0;

/// The top of the value axis: the smallest of 1, 2, 4, 5, 10, 20, 40, 50, …
/// that is at least `max`, so the middle gridline is a whole number.
pub(crate) fn axis_max(max: usize) -> usize {
    let mut scale = 1;
    loop {
        for step in [1, 2, 4, 5] {
            let top = step * scale;
            if top >= max {
                return top.max(1);
            }
        }
        scale = match scale.checked_mul(10) {
            Some(s) => s,
            None => return max,
        };
    }
}

fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// A vertical bar chart. `id` must be unique on the page.
pub(crate) fn bar_chart(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let id = escape(id);
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" preserveAspectRatio=\"xMidYMid meet\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc)
    );
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let base = TOP + plot_h;
    let top = axis_max(bars.iter().map(|b| b.value).max().unwrap_or(0));
    let mut ticks = vec![0, top];
    if top.is_multiple_of(2) {
        ticks.insert(1, top / 2);
    }
    for tick in ticks {
        let y = base - plot_h * tick as f64 / top as f64;
        let class = if tick == 0 {
            "chart-axis"
        } else {
            "chart-grid"
        };
        let _ = write!(
            svg,
            "<line class=\"{class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\
             <text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{tick}</text>",
            num(LEFT),
            num(y),
            num(WIDTH - RIGHT),
            num(y),
            num(LEFT - 6.0),
            num(y + 4.0)
        );
    }
    if bars.is_empty() {
        svg.push_str("</svg>");
        return svg;
    }
    let slot = plot_w / bars.len() as f64;
    let bar_w = (slot * 0.7).min(48.0);
    let every = (LABEL_ROOM / slot).ceil().max(1.0) as usize;
    let last = bars.len() - 1;
    for (i, bar) in bars.iter().enumerate() {
        let center = LEFT + slot * (i as f64 + 0.5);
        let h = plot_h * bar.value as f64 / top as f64;
        let _ = write!(
            svg,
            "<g><title>{}</title><rect class=\"chart-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\"/>",
            escape(&bar.tooltip),
            num(center - bar_w / 2.0),
            num(base - h),
            num(bar_w),
            num(h)
        );
        if slot >= 18.0 && bar.value > 0 {
            let _ = write!(
                svg,
                "<text class=\"chart-value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                num(center),
                num(base - h - 5.0),
                bar.value
            );
        }
        svg.push_str("</g>");
        // Labels at a regular step from the last bar (the most recent).
        if (last - i).is_multiple_of(every) {
            let _ = write!(
                svg,
                "<text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                num(center),
                num(base + 18.0),
                escape(&bar.label)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// `pattern` with each `{key}` of `pairs` replaced by its value, in one
/// pass (a value is never read as a pattern); other braces stay as written.
pub(super) fn fill(pattern: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let key = &after[..close];
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (close, *v))
        });
        match value {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The template function `bar_chart`: draws a chart view (`bars` of
/// `{label, value}` and their `total`, as the page's view holds them) with
/// the words the template gives, so every word of a chart is the theme's.
///
/// ```text
/// {{ bar_chart(id="chart-x", chart=view, title="…",
///    desc="… {first} to {last}: {total} in all.", desc_one="… {first}: {total}.",
///    tooltip="{label}: {value} questions", tooltip_one="{label}: 1 question") | safe }}
/// ```
pub(crate) fn tera_bar_chart(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = |name: &str| -> tera::Result<&str> {
        args.get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg(format!("bar_chart: `{name}` must be a string")))
    };
    let bars: Vec<(String, usize)> = args
        .get("chart")
        .and_then(|c| c.get("bars"))
        .and_then(Value::as_array)
        .ok_or_else(|| tera::Error::msg("bar_chart: `chart` must be a chart view with `bars`"))?
        .iter()
        .map(|bar| {
            let label = bar.get("label").and_then(Value::as_str).unwrap_or_default();
            let value = bar.get("value").and_then(Value::as_u64).unwrap_or(0);
            (label.to_string(), value as usize)
        })
        .collect();
    let (tooltip, tooltip_one) = (text("tooltip")?, text("tooltip_one")?);
    let bars: Vec<Bar> = bars
        .into_iter()
        .map(|(label, value)| {
            let pattern = if value == 1 { tooltip_one } else { tooltip };
            Bar {
                tooltip: fill(pattern, &[("label", &label), ("value", &value.to_string())]),
                label,
                value,
            }
        })
        .collect();
    let total: usize = bars.iter().map(|b| b.value).sum();
    if total == 0 {
        return Ok(Value::String(String::new()));
    }
    let first = bars.first().map_or("", |b| b.label.as_str());
    let last = bars.last().map_or("", |b| b.label.as_str());
    let total = total.to_string();
    let desc = if bars.len() > 1 {
        fill(
            text("desc")?,
            &[("first", first), ("last", last), ("total", &total)],
        )
    } else {
        fill(text("desc_one")?, &[("first", first), ("total", &total)])
    };
    Ok(Value::String(bar_chart(
        text("id")?,
        text("title")?,
        &desc,
        &bars,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_keys_once() {
        assert_eq!(
            fill(
                "{label}: {value} ideas",
                &[("label", "{value}"), ("value", "3")]
            ),
            "{value}: 3 ideas"
        );
        assert_eq!(fill("{other} {", &[("label", "x")]), "{other} {");
    }

    fn bars(values: &[usize]) -> Vec<Bar> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| Bar {
                label: format!("m{i}"),
                value: *v,
                tooltip: format!("m{i}: {v}"),
            })
            .collect()
    }

    #[test]
    fn axis_tops_are_round() {
        let tops: Vec<usize> = [0, 1, 2, 3, 4, 5, 6, 11, 39, 41, 99, 101]
            .into_iter()
            .map(axis_max)
            .collect();
        assert_eq!(tops, [1, 1, 2, 4, 4, 5, 10, 20, 40, 50, 100, 200]);
    }

    #[test]
    fn one_rect_and_title_per_bar_and_an_accessible_name() {
        let svg = bar_chart(
            "q",
            "Questions <per> month",
            "desc & more",
            &bars(&[1, 0, 3]),
        );
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("<title>m2: 3</title>"));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"q-title q-desc\""));
        assert!(svg.contains("<title id=\"q-title\">Questions &lt;per&gt; month</title>"));
        assert!(svg.contains("<desc id=\"q-desc\">desc &amp; more</desc>"));
        // the tallest bar reaches the top of the axis (4): 3/4 of 164
        assert!(svg.contains("height=\"123\""), "{svg}");
    }

    #[test]
    fn many_bars_label_every_few_and_always_the_last() {
        let svg = bar_chart("m", "t", "d", &bars(&[1; 40]));
        assert!(svg.contains(">m39</text>"));
        assert!(!svg.contains(">m38</text>"));
        assert!(svg.matches("chart-label").count() < 40);
        let empty = bar_chart("e", "t", "d", &[]);
        assert!(empty.ends_with("</svg>") && !empty.contains("<rect"));
    }
}
