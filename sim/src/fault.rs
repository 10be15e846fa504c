//! The fault modes the simulator can put on every answer, chosen with
//! `/_sim/fault?mode=NAME`: a closed set, so what each does is matched exhaustively in
//! `routes` and an unknown name is refused with the list of the valid ones.

use std::fmt;

/// One way of answering wrongly (or `None`: answering right). The names are the control
/// endpoint's spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FaultMode {
    /// Answer normally.
    #[default]
    None,
    /// Bifrost's login page instead of JSON.
    Html,
    /// Bifrost's error envelope with the configured `auth_msg`.
    Auth,
    /// The body cut in half (at a character boundary).
    Truncated,
    /// Numbers a client relies on sent as strings.
    WrongType,
    /// The body `null`.
    Null,
    /// The body `[]`.
    EmptyArray,
    /// No answer for 90 s, then the connection closed.
    Hang,
    /// Headers and half the body, then the connection closed.
    DropMid,
    /// A proxy's HTML error page with the configured status.
    Gateway,
    /// The sync list's first output carries a 10 MB `Error`.
    BigError,
    /// Flow series whose clock jumps back an hour half-way.
    ClockBack,
    /// Flow series where every second point repeats the time before it.
    DupTime,
}

impl FaultMode {
    /// Every mode, in the order the error message lists them.
    pub const ALL: [FaultMode; 13] = [
        FaultMode::None,
        FaultMode::Html,
        FaultMode::Auth,
        FaultMode::Truncated,
        FaultMode::WrongType,
        FaultMode::Null,
        FaultMode::EmptyArray,
        FaultMode::Hang,
        FaultMode::DropMid,
        FaultMode::Gateway,
        FaultMode::BigError,
        FaultMode::ClockBack,
        FaultMode::DupTime,
    ];

    /// The name the control endpoint takes and reports.
    pub fn name(self) -> &'static str {
        match self {
            FaultMode::None => "none",
            FaultMode::Html => "html",
            FaultMode::Auth => "auth",
            FaultMode::Truncated => "truncated",
            FaultMode::WrongType => "wrongtype",
            FaultMode::Null => "null",
            FaultMode::EmptyArray => "emptyarray",
            FaultMode::Hang => "hang",
            FaultMode::DropMid => "dropmid",
            FaultMode::Gateway => "gateway",
            FaultMode::BigError => "bigerror",
            FaultMode::ClockBack => "clockback",
            FaultMode::DupTime => "duptime",
        }
    }

    /// The mode named `name` (exact spelling), or a message listing the valid names.
    pub fn parse(name: &str) -> Result<FaultMode, String> {
        FaultMode::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = FaultMode::ALL.iter().map(|m| m.name()).collect();
                format!("unknown mode {name}; one of {}", names.join(", "))
            })
    }
}

impl fmt::Display for FaultMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_its_mode() {
        for m in FaultMode::ALL {
            assert_eq!(FaultMode::parse(m.name()), Ok(m));
            assert_eq!(m.to_string(), m.name());
        }
        assert_eq!(FaultMode::parse("none"), Ok(FaultMode::default()));
        assert_eq!(FaultMode::parse("dropmid"), Ok(FaultMode::DropMid));
    }

    #[test]
    fn an_unknown_name_is_refused_with_the_valid_ones() {
        assert_eq!(
            FaultMode::parse("bogus"),
            Err(
                "unknown mode bogus; one of none, html, auth, truncated, wrongtype, null, \
                 emptyarray, hang, dropmid, gateway, bigerror, clockback, duptime"
                    .into()
            )
        );
        // exact spelling only
        assert!(FaultMode::parse("HTML").is_err());
        assert!(FaultMode::parse(" html").is_err());
        assert!(FaultMode::parse("").is_err());
    }
}
