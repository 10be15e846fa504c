//! Which channels of a source the dashboard can name, and what a channel pick shows on the flow
//! page. `/flow/get` asks for a channel by its NAME in both API generations (a real v1.5.3
//! answers `null` to the numeric id, whatever the v1 API page says). v2's sync list names every
//! channel (`ChannelList`); v1's names none, but Bifrost creates every source with channel 1
//! named `default`, so on v1 that one channel is known by name and the others are not.

use std::collections::BTreeMap;

use crate::model::order;
use crate::wire::request::ApiVersion;
use crate::wire::types::{ChannelInfo, DbInfo};

/// The channel Bifrost creates with every source: (id, name).
pub const DEFAULT_CHANNEL: (&str, &str) = ("1", "default");

/// The channels of `source` the dashboard can name, as (id, name) sorted by id: v2's
/// `ChannelList` (`listed`), or on v1 the default channel when the source has any channel.
pub fn known_channels(
    version: Option<ApiVersion>,
    listed: &BTreeMap<String, ChannelInfo>,
    source: Option<&DbInfo>,
) -> Vec<(String, String)> {
    match version {
        Some(ApiVersion::V1) => source
            .filter(|d| d.channel_count > 0)
            .map(|_| vec![(DEFAULT_CHANNEL.0.into(), DEFAULT_CHANNEL.1.into())])
            .unwrap_or_default(),
        _ => {
            let mut v: Vec<(String, String)> = listed
                .iter()
                .map(|(id, c)| (id.clone(), c.name.clone()))
                .collect();
            order::sort_by_key(&mut v, |(id, _)| id.parse::<u64>().unwrap_or(u64::MAX));
            v
        }
    }
}

/// What a channel pick (the URL's `channel`, a numeric id) gives on the flow page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelPick {
    /// No channel picked: the source's flow.
    None,
    /// Its name is known: the channel's own flow is asked for by that name.
    Named(String),
    /// Its name is not known yet (the list naming it is still loading): the source's flow
    /// meanwhile.
    Pending,
    /// Named nowhere the dashboard can read (v1 names only its default channel; or the
    /// channel is gone): its flow cannot be asked for, and the page says so.
    Unnamed(String),
}

/// Resolves a pick against the known channels; `loaded`: the list naming them has arrived.
pub fn pick(channel: &str, known: &[(String, String)], loaded: bool) -> ChannelPick {
    if channel.is_empty() {
        return ChannelPick::None;
    }
    match known.iter().find(|(id, _)| id == channel) {
        Some((_, name)) => ChannelPick::Named(name.clone()),
        None if loaded => ChannelPick::Unnamed(channel.to_string()),
        None => ChannelPick::Pending,
    }
}

impl ChannelPick {
    /// The name to ask `/flow/get` for, when there is one.
    pub fn name(&self) -> Option<&str> {
        match self {
            ChannelPick::Named(n) => Some(n),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed() -> BTreeMap<String, ChannelInfo> {
        [("10", "bulk"), ("2", "fast"), ("1", "default")]
            .into_iter()
            .map(|(id, n)| {
                let c = ChannelInfo {
                    name: n.into(),
                    ..ChannelInfo::default()
                };
                (id.to_string(), c)
            })
            .collect()
    }

    #[test]
    fn v2_names_its_listed_channels_by_numeric_id() {
        let k = known_channels(Some(ApiVersion::V2), &listed(), None);
        let ids: Vec<&str> = k.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["1", "2", "10"]);
        assert_eq!(pick("2", &k, true), ChannelPick::Named("fast".into()));
        assert_eq!(pick("7", &k, true), ChannelPick::Unnamed("7".into()));
        assert_eq!(pick("7", &[], false), ChannelPick::Pending);
        assert_eq!(pick("", &k, true), ChannelPick::None);
    }

    #[test]
    fn v1_knows_only_the_default_channel() {
        let src = DbInfo {
            channel_count: 3,
            ..DbInfo::default()
        };
        // whatever a v1 sync list held, only channel 1 is named on v1
        let k = known_channels(Some(ApiVersion::V1), &listed(), Some(&src));
        assert_eq!(k, vec![("1".to_string(), "default".to_string())]);
        assert_eq!(pick("1", &k, true).name(), Some("default"));
        assert_eq!(pick("2", &k, true), ChannelPick::Unnamed("2".into()));
        let none = DbInfo::default();
        assert!(known_channels(Some(ApiVersion::V1), &listed(), Some(&none)).is_empty());
        assert!(known_channels(Some(ApiVersion::V1), &listed(), None).is_empty());
    }
}
