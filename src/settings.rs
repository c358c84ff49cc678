//! The reader's settings for the editor, kept in this browser: code font size (A−/A+), soft wrap
//! and theme. Plain data with its JSON form, tested natively; app/ applies them to the page.

use serde::{Deserialize, Serialize};

/// Font sizes A−/A+ step through, in px (13 is the default; 24 and 28 are for projectors).
pub const FONT_SIZES: [u32; 10] = [11, 12, 13, 14, 16, 18, 20, 22, 24, 28];
pub const DEFAULT_FONT: u32 = 13;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Light or dark, as the operating system prefers.
    #[default]
    System,
    Light,
    Dark,
    /// Black, white and yellow, for projectors and low vision.
    Contrast,
}

impl Theme {
    pub const ALL: [Theme; 4] = [Theme::System, Theme::Light, Theme::Dark, Theme::Contrast];

    pub fn id(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Contrast => "contrast",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
            Theme::Contrast => "High contrast",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub font_px: u32,
    pub wrap: bool,
    pub theme: Theme,
    /// Presenter view: code and findings at least [`PRESENTER_MIN_PX`], the high-contrast theme,
    /// the workspace column hidden (for projectors).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub presenter: bool,
}

/// The smallest code and findings size in the presenter view.
pub const PRESENTER_MIN_PX: u32 = 20;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            font_px: DEFAULT_FONT,
            wrap: false,
            theme: Theme::System,
            presenter: false,
        }
    }
}

impl Settings {
    /// Read saved settings; anything unreadable or out of range falls back to the defaults.
    pub fn from_json(s: &str) -> Settings {
        let mut out: Settings = serde_json::from_str(s).unwrap_or_default();
        out.font_px = nearest(out.font_px);
        out
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A+: the next larger size (stays at the largest).
    pub fn larger(&self) -> Settings {
        let i = index(self.font_px);
        Settings {
            font_px: FONT_SIZES[(i + 1).min(FONT_SIZES.len() - 1)],
            ..self.clone()
        }
    }

    /// A−: the next smaller size (stays at the smallest).
    pub fn smaller(&self) -> Settings {
        let i = index(self.font_px);
        Settings {
            font_px: FONT_SIZES[i.saturating_sub(1)],
            ..self.clone()
        }
    }

    pub fn can_grow(&self) -> bool {
        index(self.font_px) + 1 < FONT_SIZES.len()
    }

    pub fn can_shrink(&self) -> bool {
        index(self.font_px) > 0
    }

    /// The code size on screen: the chosen size, at least [`PRESENTER_MIN_PX`] when presenting.
    pub fn code_px(&self) -> u32 {
        if self.presenter {
            self.font_px.max(PRESENTER_MIN_PX)
        } else {
            self.font_px
        }
    }

    /// The theme on screen: high contrast when presenting.
    pub fn shown_theme(&self) -> Theme {
        if self.presenter {
            Theme::Contrast
        } else {
            self.theme
        }
    }

    /// The editor's line height in px for the code size (20 px at 13 px, as before).
    pub fn line_px(&self) -> u32 {
        (self.code_px() * 20).div_ceil(13)
    }
}

fn index(px: u32) -> usize {
    FONT_SIZES
        .iter()
        .position(|&s| s == nearest(px))
        .unwrap_or(2)
}

fn nearest(px: u32) -> u32 {
    *FONT_SIZES
        .iter()
        .min_by_key(|&&s| s.abs_diff(px))
        .unwrap_or(&DEFAULT_FONT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_step_and_stop_at_the_ends() {
        let s = Settings::default();
        assert_eq!((s.font_px, s.line_px()), (13, 20));
        assert_eq!(s.larger().font_px, 14);
        assert_eq!(s.smaller().font_px, 12);
        let mut big = s.clone();
        while big.can_grow() {
            big = big.larger();
        }
        assert_eq!(big.font_px, 28);
        assert!(big.font_px >= 24, "projector sizes");
        assert_eq!(big.larger().font_px, 28);
        assert_eq!(big.line_px(), 44);
        let mut small = s;
        while small.can_shrink() {
            small = small.smaller();
        }
        assert_eq!(small.smaller().font_px, 11);
    }

    #[test]
    fn presenting_enlarges_code_and_switches_to_high_contrast() {
        let s = Settings {
            presenter: true,
            ..Settings::default()
        };
        assert_eq!((s.code_px(), s.shown_theme()), (20, Theme::Contrast));
        assert_eq!(s.line_px(), 31);
        let big = Settings {
            font_px: 24,
            ..s.clone()
        };
        assert_eq!(big.code_px(), 24, "a larger chosen size stays");
        assert_eq!(Settings::from_json(&s.to_json()), s);
        assert!(s.to_json().contains("\"presenter\":true"));
    }

    #[test]
    fn json_round_trip_and_bad_input_falls_back() {
        let s = Settings {
            font_px: 24,
            wrap: true,
            theme: Theme::Contrast,
            presenter: false,
        };
        let json = s.to_json();
        assert_eq!(json, r#"{"font_px":24,"wrap":true,"theme":"contrast"}"#);
        assert_eq!(Settings::from_json(&json), s);
        assert_eq!(Settings::from_json("nonsense"), Settings::default());
        assert_eq!(Settings::from_json(r#"{"wrap":true}"#).font_px, 13);
        assert_eq!(Settings::from_json(r#"{"font_px":500}"#).font_px, 28);
        assert_eq!(
            Settings::from_json(r#"{"theme":"neon"}"#),
            Settings::default()
        );
        assert_eq!(
            Theme::ALL.map(Theme::id),
            ["system", "light", "dark", "contrast"]
        );
    }
}
