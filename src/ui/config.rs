//! The runtime configuration: `config.json` beside `index.html`, read once at start-up, so the
//! same `dist/` is deployed anywhere without a rebuild. Pure: parsing and validation are tested
//! natively; the fetch is in `app`.
//!
//! ```json
//! {
//!   "instances": [
//!     { "name": "prod-a", "prefix": "/bifrost/prod-a/" },
//!     { "name": "prod-b", "prefix": "/bifrost/prod-b/" }
//!   ],
//!   "refresh": 10,
//!   "language": "en",
//!   "chrome": true,
//!   "embed": { "target_origin": "https://portal.example.com" }
//! }
//! ```
//!
//! Every key is optional; an absent file means [`Config::default`]: one instance "Bifrost"
//! at the root prefix. Unknown keys are errors, so a typo is reported instead of ignored.

use crate::ui::i18n::Lang;
use crate::ui::url_state::REFRESH_CHOICES;
use serde::Deserialize;

/// One Bifrost server behind a same-origin path prefix of the proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// Shown in the switcher and the URL (`?instance=<name>`).
    pub name: String,
    /// Same-origin path the proxy maps to this Bifrost, e.g. `/bifrost/prod-a` (no trailing
    /// slash; `""` = the root). Requests go to `{prefix}/db/list`, ...
    pub prefix: String,
}

/// The validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// At least one, names unique.
    pub instances: Vec<Instance>,
    /// Default refresh interval in seconds (one of `REFRESH_CHOICES`); the URL overrides it.
    pub refresh: u32,
    /// The page language; `None` = the URL's or the browser's.
    pub language: Option<Lang>,
    /// Show the app's own header; `false` = always chrome-less (as `?embed=1`).
    pub chrome: bool,
    /// Where the embed mode posts its height: the portal's origin. `None` = the dashboard's
    /// own origin (a same-origin portal); never `*`.
    pub embed_target_origin: Option<String>,
}

pub const DEFAULT_INSTANCE_NAME: &str = "Bifrost";

impl Default for Config {
    fn default() -> Self {
        Config {
            instances: vec![Instance {
                name: DEFAULT_INSTANCE_NAME.into(),
                prefix: String::new(),
            }],
            refresh: crate::ui::url_state::DEFAULT_REFRESH,
            language: None,
            chrome: true,
            embed_target_origin: None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstance {
    name: String,
    prefix: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawEmbed {
    target_origin: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    instances: Option<Vec<RawInstance>>,
    refresh: Option<u32>,
    language: Option<String>,
    chrome: Option<bool>,
    #[serde(default)]
    embed: RawEmbed,
}

impl Config {
    /// Parses and validates `config.json`. The error is a sentence for the page, naming the
    /// field at fault.
    pub fn parse(text: &str) -> Result<Config, String> {
        let raw: RawConfig = crate::wire::json_path::decode(text).map_err(|(path, e)| {
            if path.is_empty() {
                format!("config.json: {e}")
            } else {
                format!("config.json, at `{path}`: {e}")
            }
        })?;
        let d = Config::default();
        let mut instances = Vec::new();
        for (i, r) in raw.instances.unwrap_or_default().into_iter().enumerate() {
            let name = r.name.trim().to_string();
            if name.is_empty() {
                return Err(format!("config.json, at `instances[{i}].name`: empty name"));
            }
            if instances.iter().any(|x: &Instance| x.name == name) {
                return Err(format!(
                    "config.json, at `instances[{i}].name`: the name \"{name}\" is used twice"
                ));
            }
            let prefix = normalize_prefix(&r.prefix)
                .map_err(|e| format!("config.json, at `instances[{i}].prefix`: {e}"))?;
            instances.push(Instance { name, prefix });
        }
        if instances.is_empty() {
            instances = d.instances;
        }
        let refresh = match raw.refresh {
            None => d.refresh,
            Some(n) if REFRESH_CHOICES.contains(&n) => n,
            Some(n) => {
                return Err(format!(
                    "config.json, at `refresh`: {n} is not one of {REFRESH_CHOICES:?} (seconds, 0 = off)"
                ))
            }
        };
        let language = match raw.language {
            None => d.language,
            Some(l) => Some(Lang::parse(&l).ok_or_else(|| {
                format!(
                    "config.json, at `language`: \"{l}\" is not a language tag of a language the dashboard speaks: use en or zh, or a tag such as en-US, zh-CN or zh-Hans"
                )
            })?),
        };
        let embed_target_origin = match raw.embed.target_origin {
            None => None,
            Some(o) => Some(
                normalize_origin(&o)
                    .map_err(|e| format!("config.json, at `embed.target_origin`: {e}"))?,
            ),
        };
        Ok(Config {
            instances,
            refresh,
            language,
            chrome: raw.chrome.unwrap_or(d.chrome),
            embed_target_origin,
        })
    }

    /// The instance a URL names; an unknown or empty name means the first.
    pub fn instance(&self, name: &str) -> &Instance {
        self.instances
            .iter()
            .find(|i| i.name == name)
            .unwrap_or(&self.instances[0])
    }

    pub fn multi(&self) -> bool {
        self.instances.len() > 1
    }
}

/// A same-origin path prefix: `/x/y/` -> `/x/y`, `/` or `` -> ``. Anything that could leave
/// the origin (a scheme, `//host`, `..`) or carry a query is refused.
pub fn normalize_prefix(p: &str) -> Result<String, String> {
    let p = p.trim();
    if p.is_empty() || p == "/" {
        return Ok(String::new());
    }
    if !p.starts_with('/') || p.starts_with("//") {
        return Err(format!(
            "\"{p}\" must be a path on this origin starting with one `/`, such as \"/bifrost/prod-a/\""
        ));
    }
    if p.contains(['?', '#', '\\', ' ']) || p.contains("://") {
        return Err(format!(
            "\"{p}\" may hold only a path (no query, fragment, spaces or scheme)"
        ));
    }
    if p.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err(format!("\"{p}\" may not contain `.` or `..` segments"));
    }
    Ok(p.trim_end_matches('/').to_string())
}

/// An origin such as `https://portal.example.com:8443` (no path). `*` is refused: the height
/// message would go to any page that frames the dashboard.
pub fn normalize_origin(o: &str) -> Result<String, String> {
    let o = o.trim();
    if o == "*" {
        return Err(
            "\"*\" is not allowed: give the portal's origin, such as \"https://portal.example.com\""
                .into(),
        );
    }
    let rest = o
        .strip_prefix("https://")
        .or_else(|| o.strip_prefix("http://"))
        .ok_or_else(|| {
            format!("\"{o}\" is not an origin: it must start with https:// or http://")
        })?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.is_empty()
        || rest.contains(['/', '?', '#', ' ', '@'])
        || !rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    {
        return Err(format!(
            "\"{o}\" is not an origin: scheme, host and optional port only"
        ));
    }
    Ok(o.strip_suffix('/').unwrap_or(o).to_ascii_lowercase())
}

/// What the app does with the answer to `GET config.json`. "No config.json, use the
/// defaults" is a 204 (the deploy recipes answer so for an absent file: the browser reports
/// no error), a 404 (a server without that rule), or an HTML page with 200 (a web server's SPA
/// fallback answering for the missing file, as `trunk serve` does).
pub fn from_response(
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<Config, String> {
    let html = content_type.is_some_and(|c| c.to_ascii_lowercase().contains("text/html"))
        || body.trim_start().starts_with('<');
    match status {
        200 if html => Ok(Config::default()),
        200 => Config::parse(body),
        204 | 404 => Ok(Config::default()),
        s => Err(format!(
            "config.json could not be read: the server answered HTTP {s}"
        )),
    }
}

/// The `type` of the message the embed mode posts to its parent:
/// `{"type":"bifrost-dashboard:height","height":<px>}` (built in `runtime::embed`).
pub const HEIGHT_MESSAGE_TYPE: &str = "bifrost-dashboard:height";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_file_and_empty_object_give_the_defaults() {
        assert_eq!(
            from_response(404, Some("text/html"), "<html>not found</html>"),
            Ok(Config::default())
        );
        assert_eq!(
            from_response(204, None, ""),
            Ok(Config::default()),
            "the deploy recipes' answer for an absent file"
        );
        assert_eq!(
            from_response(200, Some("text/html"), "<!doctype html><html></html>"),
            Ok(Config::default()),
            "an SPA fallback is not a config"
        );
        assert_eq!(
            from_response(200, None, "<!doctype html><html></html>"),
            Ok(Config::default())
        );
        assert_eq!(Config::parse("{}"), Ok(Config::default()));
        let d = Config::default();
        assert_eq!(d.instances.len(), 1);
        assert_eq!(d.instances[0].prefix, "");
        assert!(d.chrome);
        assert_eq!(d.embed_target_origin, None);
    }

    #[test]
    fn a_full_config_parses() {
        let c = Config::parse(
            r#"{"instances":[{"name":"prod-a","prefix":"/bifrost/prod-a/"},
                             {"name":" prod-b ","prefix":"/bifrost/prod-b"}],
                "refresh":30,"language":"zh-CN","chrome":false,
                "embed":{"target_origin":"https://Portal.example.com:8443/"}}"#,
        )
        .unwrap();
        assert_eq!(
            c.instances,
            vec![
                Instance {
                    name: "prod-a".into(),
                    prefix: "/bifrost/prod-a".into()
                },
                Instance {
                    name: "prod-b".into(),
                    prefix: "/bifrost/prod-b".into()
                },
            ]
        );
        assert_eq!(c.refresh, 30);
        assert_eq!(c.language, Some(Lang::Zh));
        assert!(!c.chrome);
        assert!(c.multi());
        assert_eq!(
            c.embed_target_origin.as_deref(),
            Some("https://portal.example.com:8443")
        );
        assert_eq!(c.instance("prod-b").prefix, "/bifrost/prod-b");
        assert_eq!(c.instance("nope").name, "prod-a");
        assert_eq!(c.instance("").name, "prod-a");
    }

    #[test]
    fn malformed_json_names_the_problem() {
        let e = Config::parse("{\"instances\": [").unwrap_err();
        assert!(e.starts_with("config.json"), "{e}");
        let e = Config::parse("{\"refresh\": \"fast\"}").unwrap_err();
        assert!(e.contains("`refresh`"), "{e}");
        let e = Config::parse("{\"instances\":[{\"name\":\"a\"}]}").unwrap_err();
        assert!(e.contains("instances[0]") && e.contains("prefix"), "{e}");
        let e = Config::parse("{\"chrom\": false}").unwrap_err();
        assert!(e.contains("chrom"), "a typo is reported: {e}");
        let e = Config::parse("[]").unwrap_err();
        assert!(e.starts_with("config.json"), "{e}");
    }

    #[test]
    fn bad_values_are_refused_with_the_field() {
        for (text, field) in [
            (r#"{"refresh":7}"#, "`refresh`"),
            (r#"{"language":"en US"}"#, "`language`"),
            (r#"{"language":"fr-FR"}"#, "`language`"),
            (
                r#"{"embed":{"target_origin":"*"}}"#,
                "`embed.target_origin`",
            ),
            (
                r#"{"embed":{"target_origin":"portal.example.com"}}"#,
                "`embed.target_origin`",
            ),
            (
                r#"{"embed":{"target_origin":"https://p.example/x"}}"#,
                "`embed.target_origin`",
            ),
            (
                r#"{"instances":[{"name":"","prefix":"/a"}]}"#,
                "instances[0].name",
            ),
            (
                r#"{"instances":[{"name":"a","prefix":"/a"},{"name":"a","prefix":"/b"}]}"#,
                "instances[1].name",
            ),
            (
                r#"{"instances":[{"name":"a","prefix":"https://evil.example/"}]}"#,
                "instances[0].prefix",
            ),
            (
                r#"{"instances":[{"name":"a","prefix":"//evil.example/"}]}"#,
                "instances[0].prefix",
            ),
            (
                r#"{"instances":[{"name":"a","prefix":"/a/../b"}]}"#,
                "instances[0].prefix",
            ),
            (
                r#"{"instances":[{"name":"a","prefix":"/a?x=1"}]}"#,
                "instances[0].prefix",
            ),
        ] {
            let e = Config::parse(text).unwrap_err();
            assert!(e.contains(field), "{text}: {e}");
        }
    }

    #[test]
    fn prefixes_normalize() {
        assert_eq!(normalize_prefix("/"), Ok(String::new()));
        assert_eq!(normalize_prefix(""), Ok(String::new()));
        assert_eq!(normalize_prefix("/bifrost/a/"), Ok("/bifrost/a".into()));
        assert!(normalize_prefix("bifrost/a").is_err());
    }

    #[test]
    fn server_errors_are_not_mistaken_for_absence() {
        let e = from_response(500, None, "").unwrap_err();
        assert!(e.contains("500"), "{e}");
        assert!(
            from_response(200, Some("application/json"), "").is_err(),
            "an empty file is malformed"
        );
        assert!(from_response(200, Some("application/json"), "{\"refresh\":7}").is_err());
    }
}
