//! The running app's machinery, below the views: the store the views read, the poll loop,
//! the URL kept in step with the view state, start-up and the embed-mode height reports.

pub mod alarm;
pub mod embed;
pub mod fleet;
pub mod fleet_fetch;
pub mod hooks;
pub mod poller;
pub mod refresh;
pub mod startup;
pub mod store;
pub mod theme;
pub mod timeline;
pub mod url_sync;
