//! The pages (one file each) and the small widgets they share. Views read the store and the
//! URL state from context; they never parse JSON and never fetch.

pub mod alert_list;
pub mod alerts;
pub mod app;
pub mod causes;
pub mod chart;
pub mod export;
pub mod flow;
pub mod header;
pub mod health;
pub mod instances;
pub mod overview;
pub mod settings;
pub mod signin;
pub mod sources;
pub mod sync_details;
pub mod sync_list;
pub mod timeline;
pub mod widgets;
