//! The pure logic of the interface: the view state in the URL, what to fetch for it, the
//! runtime configuration, the texts in both languages, the palette, chart geometry and the
//! export formats. No browser, no I/O: native tests cover all of it.

pub mod capture;
pub mod channels;
pub mod chart;
pub mod config;
pub mod export;
pub mod first_requests;
pub mod fleet_poll;
pub mod fleet_table;
pub mod geometry;
pub mod i18n;
pub mod palette;
pub mod plan;
pub mod time;
pub mod url_state;
