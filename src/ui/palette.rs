//! The one palette, light and dark. The app writes it into CSS custom properties, so the
//! stylesheet and the charts use the same colours; tests check WCAG AA contrast natively and
//! that `style/main.css` starts from the light values.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    /// The value of `color-scheme` and of the root's `data-theme`.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// What the user chose in the settings: follow the system, or one theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    #[default]
    Auto,
    Fixed(Theme),
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [
        ThemeChoice::Auto,
        ThemeChoice::Fixed(Theme::Light),
        ThemeChoice::Fixed(Theme::Dark),
    ];

    /// As kept in storage and in the settings' `<select>`.
    pub fn param(self) -> &'static str {
        match self {
            ThemeChoice::Auto => "auto",
            ThemeChoice::Fixed(t) => t.name(),
        }
    }

    /// A stored value; anything unknown is `Auto`.
    pub fn parse(s: &str) -> ThemeChoice {
        ThemeChoice::ALL
            .into_iter()
            .find(|c| c.param() == s)
            .unwrap_or_default()
    }

    /// The theme shown, given whether the system asks for a dark one.
    pub fn resolve(self, system_dark: bool) -> Theme {
        match self {
            ThemeChoice::Fixed(t) => t,
            ThemeChoice::Auto if system_dark => Theme::Dark,
            ThemeChoice::Auto => Theme::Light,
        }
    }
}

/// (CSS custom property, light, dark) as `#rrggbb`.
pub const COLORS: &[(&str, &str, &str)] = &[
    ("--bg", "#f6f7f9", "#0f141a"),
    ("--panel", "#ffffff", "#171e27"),
    ("--text", "#1b2430", "#e6eaf0"),
    ("--muted", "#5b6775", "#9aa6b4"),
    ("--line", "#dde2e8", "#2b3542"),
    ("--accent", "#1d4ed8", "#7aa2ff"),
    ("--ok", "#047857", "#4ade80"),
    ("--warn", "#a16207", "#facc15"),
    ("--bad", "#b91c1c", "#f87171"),
    ("--idle", "#4b5563", "#aab4c0"),
    ("--ok-bg", "#ecfdf5", "#10291d"),
    ("--warn-bg", "#fefce8", "#2b2410"),
    ("--bad-bg", "#fef2f2", "#311417"),
    ("--idle-bg", "#f3f4f6", "#232b35"),
    ("--head", "#f9fafb", "#1d2530"),
    ("--hover", "#f5f8ff", "#1f2a3a"),
    ("--selected", "#e8efff", "#24324a"),
];

/// Text colours and the backgrounds they are drawn on, as the stylesheet pairs them.
pub const PAIRS: &[(&str, &str)] = &[
    ("--text", "--bg"),
    ("--text", "--panel"),
    ("--muted", "--panel"),
    ("--muted", "--head"),
    ("--accent", "--panel"),
    // the pressed button of a segmented control (`.seg button.active`)
    ("--bg", "--accent"),
    ("--ok", "--ok-bg"),
    ("--warn", "--warn-bg"),
    ("--bad", "--bad-bg"),
    ("--idle", "--idle-bg"),
    ("--bad", "--panel"),
    ("--ok", "--panel"),
    ("--text", "--selected"),
    ("--text", "--hover"),
];

static DARK: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The theme in use (set by the app when it applies one).
pub fn set_current(theme: Theme) {
    DARK.store(theme == Theme::Dark, std::sync::atomic::Ordering::Relaxed);
}

pub fn current() -> Theme {
    if DARK.load(std::sync::atomic::Ordering::Relaxed) {
        Theme::Dark
    } else {
        Theme::Light
    }
}

/// A colour of the current theme as (r, g, b), for the charts.
pub fn current_rgb(var: &str) -> (u8, u8, u8) {
    color(current(), var)
        .and_then(rgb)
        .unwrap_or((128, 128, 128))
}

pub fn color(theme: Theme, var: &str) -> Option<&'static str> {
    COLORS
        .iter()
        .find(|(v, _, _)| *v == var)
        .map(|(_, l, d)| match theme {
            Theme::Light => *l,
            Theme::Dark => *d,
        })
}

/// `#rrggbb` as (r, g, b).
pub fn rgb(hex: &str) -> Option<(u8, u8, u8)> {
    let h = hex.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let p = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
    Some((p(0)?, p(2)?, p(4)?))
}

/// WCAG 2 relative luminance.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let c = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b)
}

/// WCAG 2 contrast ratio of two colours (1..=21).
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_choices_round_trip_and_auto_follows_the_system() {
        for c in ThemeChoice::ALL {
            assert_eq!(ThemeChoice::parse(c.param()), c);
        }
        assert_eq!(ThemeChoice::parse("purple"), ThemeChoice::Auto);
        assert_eq!(ThemeChoice::Auto.resolve(true), Theme::Dark);
        assert_eq!(ThemeChoice::Auto.resolve(false), Theme::Light);
        assert_eq!(ThemeChoice::Fixed(Theme::Light).resolve(true), Theme::Light);
    }

    #[test]
    fn contrast_matches_known_values() {
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 0.01);
        assert!((contrast((119, 119, 119), (255, 255, 255)) - 4.48).abs() < 0.01);
    }

    #[test]
    fn every_text_pair_meets_wcag_aa_in_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            for (fg, bg) in PAIRS {
                let f = rgb(color(theme, fg).expect(fg)).expect(fg);
                let b = rgb(color(theme, bg).expect(bg)).expect(bg);
                let c = contrast(f, b);
                assert!(
                    c >= 4.5,
                    "{theme:?}: {fg} on {bg} has contrast {c:.2} < 4.5"
                );
            }
        }
    }

    #[test]
    fn the_stylesheet_starts_from_the_light_palette() {
        let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/style/main.css"))
            .expect("style/main.css");
        for (var, light, _) in COLORS {
            let decl = format!("{var}: {light};");
            assert!(css.contains(&decl), "style/main.css lacks `{decl}`");
        }
    }
}
