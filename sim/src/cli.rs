//! Command-line options, parsed by hand (no clap: keeps the build small).

use std::net::SocketAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    V1,
    V2,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub listen: SocketAddr,
    pub plain_http: bool,
    pub api: Api,
    pub speed: f64,
    pub seed: u64,
    /// data sources, tables per source, outputs per table
    pub scale: (usize, usize, usize),
    pub latency_ms: u64,
    pub empty_share: f64,
    pub verbose: bool,
    /// Sources and tables named with markup, quotes, `javascript:` and emoji.
    pub hostile_names: bool,
    /// A dashboard capture file: answer its bodies instead of simulating.
    pub replay: Option<String>,
    /// Health behaviours (`--mariadb`, `--stall-output KEY`, `--stall-source NAME`).
    pub modes: crate::world::Modes,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            listen: SocketAddr::from(([127, 0, 0, 1], 21036)),
            plain_http: false,
            api: Api::V2,
            speed: 1.0,
            seed: 20_240_401,
            scale: (4, 8, 4),
            latency_ms: 0,
            empty_share: 0.0,
            verbose: false,
            hostile_names: false,
            replay: None,
            modes: crate::world::Modes::default(),
        }
    }
}

pub const USAGE: &str =
    "usage: bifrost-sim [--listen ADDR] [--plain-http] [--api v1|v2] [--speed N] \
[--seed N] [--scale S,T,O] [--latency-ms N] [--empty-share F] [--hostile-names] [--replay FILE] \
[--mariadb] [--stall-output KEY] [--stall-source NAME] [--verbose]";

/// Parses the arguments after the program name.
pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Options, String> {
    let mut o = Options::default();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        // Accept both `--opt value` and `--opt=value`.
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{what} needs a value"))
        };
        match name.as_str() {
            "--listen" => {
                let v = value("--listen")?;
                o.listen = v.parse().map_err(|e| format!("--listen {v}: {e}"))?;
            }
            "--plain-http" => o.plain_http = true,
            "--replay" => o.replay = Some(value("--replay")?),
            "--hostile-names" => o.hostile_names = true,
            "--mariadb" => o.modes.no_success = true,
            "--stall-output" => o.modes.stall_output = Some(value("--stall-output")?),
            "--stall-source" => o.modes.stall_source = Some(value("--stall-source")?),
            "--verbose" | "-v" => o.verbose = true,
            "--api" => {
                o.api = match value("--api")?.as_str() {
                    "v1" => Api::V1,
                    "v2" => Api::V2,
                    other => return Err(format!("--api must be v1 or v2, not {other}")),
                }
            }
            "--speed" => {
                o.speed = num(&value("--speed")?, "--speed")?;
                if !(o.speed > 0.0 && o.speed.is_finite()) {
                    return Err("--speed must be > 0".into());
                }
            }
            "--seed" => o.seed = num(&value("--seed")?, "--seed")?,
            "--latency-ms" => o.latency_ms = num(&value("--latency-ms")?, "--latency-ms")?,
            "--empty-share" => {
                o.empty_share = num(&value("--empty-share")?, "--empty-share")?;
                if !(0.0..=1.0).contains(&o.empty_share) {
                    return Err("--empty-share must be within 0..1".into());
                }
            }
            "--scale" => {
                let v = value("--scale")?;
                let parts: Vec<&str> = v.split(',').collect();
                if parts.len() != 3 {
                    return Err(format!("--scale wants S,T,O, got {v}"));
                }
                o.scale = (
                    num(parts[0], "--scale")?,
                    num(parts[1], "--scale")?,
                    num(parts[2], "--scale")?,
                );
            }
            "--help" | "-h" => return Err(USAGE.into()),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    Ok(o)
}

fn num<T: std::str::FromStr>(v: &str, what: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    v.trim().parse().map_err(|e| format!("{what} {v}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: &[&str]) -> Result<Options, String> {
        parse(a.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults_and_values() {
        let o = p(&[]).unwrap();
        assert_eq!(o.listen.port(), 21036);
        assert_eq!(o.api, Api::V2);
        let o = p(&[
            "--listen",
            "127.0.0.1:0",
            "--plain-http",
            "--api=v1",
            "--speed",
            "600",
            "--scale",
            "10,100,10",
            "--empty-share",
            "0.5",
        ])
        .unwrap();
        assert_eq!(o.listen.port(), 0);
        assert!(o.plain_http);
        assert_eq!(o.api, Api::V1);
        assert_eq!(o.speed, 600.0);
        assert_eq!(o.scale, (10, 100, 10));
        assert!(p(&["--scale", "1,2"]).is_err());
        let o = p(&[
            "--mariadb",
            "--stall-output=kafka1",
            "--stall-source",
            "mysqllocal",
        ])
        .unwrap();
        assert!(o.modes.no_success);
        assert_eq!(o.modes.stall_output.as_deref(), Some("kafka1"));
        assert_eq!(o.modes.stall_source.as_deref(), Some("mysqllocal"));
        assert!(p(&["--stall-output"]).is_err());
        assert!(p(&["--bogus"]).is_err());
        assert!(p(&["--empty-share", "2"]).is_err());
    }
}
