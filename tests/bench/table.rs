//! The result table: one row per figure (budget, median, min, max, pass/fail), as markdown.

pub struct Row {
    pub figure: String,
    budget: String,
    unit: &'static str,
    values: Vec<f64>,
    pub pass: bool,
}

impl Row {
    pub fn new(
        figure: &str,
        budget: &str,
        unit: &'static str,
        values: Vec<f64>,
        pass: bool,
    ) -> Row {
        Row {
            figure: figure.into(),
            budget: budget.into(),
            unit,
            values,
            pass,
        }
    }

    /// A figure whose median must not exceed `max`.
    pub fn at_most(figure: &str, max: f64, unit: &'static str, values: Vec<f64>) -> Row {
        let pass = !values.is_empty() && median(&values) <= max;
        Row::new(figure, &format!("≤ {max} {unit}"), unit, values, pass)
    }

    /// A figure shown for information (a breakdown of a budgeted one): passes when measured.
    pub fn info(figure: &str, unit: &'static str, values: Vec<f64>) -> Row {
        let pass = !values.is_empty();
        Row::new(figure, "info", unit, values, pass)
    }

    pub fn failed(figure: &str, why: &str) -> Row {
        Row::new(figure, why, "", Vec::new(), false)
    }
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

fn fmt(v: f64) -> String {
    if v.is_nan() {
        "–".into()
    } else if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| figure | budget | median | min | max | n | result |\n| --- | --- | ---: | ---: | ---: | ---: | --- |\n",
    );
    for r in rows {
        let min = r.values.iter().copied().fold(f64::NAN, f64::min);
        let max = r.values.iter().copied().fold(f64::NAN, f64::max);
        let u = if r.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", r.unit)
        };
        out.push_str(&format!(
            "| {} | {} | {}{u} | {}{u} | {}{u} | {} | {} |\n",
            r.figure,
            r.budget,
            fmt(median(&r.values)),
            fmt(min),
            fmt(max),
            r.values.len(),
            if r.pass { "pass" } else { "**FAIL**" }
        ));
    }
    out
}
