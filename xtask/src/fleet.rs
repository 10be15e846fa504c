//! `cargo xtask fleet <servers-file>`: from one list of Bifrost servers, writes the two files
//! that name them: `config.json` (names and same-origin prefixes, read by the browser, so
//! never a password) and the servers file that `deploy/nginx/bifrost-dashboard-fleet.conf`
//! includes (each name's upstream and monitor credentials, read by nginx only).
//!
//! The list has one server a line, `#` starts a comment:
//!
//! ```text
//! # name   address                   user            password
//! prod-a   https://10.0.0.5:21036    BifrostMonitor  env:PROD_A_PASSWORD
//! prod-b   https://10.0.0.6:21036    BifrostMonitor  file:/etc/bifrost/prod-b.password
//! ```
//!
//! The password is never in the list itself: `env:NAME` reads an environment variable,
//! `file:PATH` the first line of a file. Pure apart from reading those (the end-to-end test
//! includes this file), standard library and the encoding crate only.

/// One server of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub name: String,
    /// `https` or `http`.
    pub scheme: String,
    /// `host:port`.
    pub host_port: String,
    pub user: String,
    /// `env:NAME` or `file:PATH`.
    pub password_from: String,
}

/// Reads the list; an error names the line at fault.
pub fn parse_servers(text: &str) -> Result<Vec<Server>, String> {
    let mut out: Vec<Server> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let at = |msg: &str| format!("servers line {}: {msg}", n + 1);
        let f: Vec<&str> = line.split_whitespace().collect();
        let [name, address, user, password_from] = f[..] else {
            return Err(at("want `name address user password-source`"));
        };
        let name_ok = name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !name.starts_with('.');
        if !name_ok {
            return Err(at(
                "a name is letters, digits, `-`, `_` or `.` (it goes into URLs)",
            ));
        }
        if out.iter().any(|s| s.name == name) {
            return Err(at(&format!("`{name}` is listed twice")));
        }
        let (scheme, rest) = address
            .split_once("://")
            .filter(|(s, _)| matches!(*s, "https" | "http"))
            .ok_or_else(|| at("the address is https://host:port (or http://)"))?;
        let host_port = rest.trim_end_matches('/');
        let port_ok = host_port
            .rsplit_once(':')
            .is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok());
        if !port_ok || host_port.contains(['/', '"', ';', '\'', '{', '}']) {
            return Err(at(
                "the address is https://host:port, nothing after the port",
            ));
        }
        if !(password_from.starts_with("env:") || password_from.starts_with("file:")) {
            return Err(at(
                "the password is never written in the list: env:VARIABLE or file:PATH",
            ));
        }
        if user.contains(':') || user.contains('"') {
            return Err(at("a user name has no `:` or `\"`"));
        }
        out.push(Server {
            name: name.into(),
            scheme: scheme.into(),
            host_port: host_port.into(),
            user: user.into(),
            password_from: password_from.into(),
        });
    }
    if out.is_empty() {
        return Err("the servers list names no server".into());
    }
    Ok(out)
}

/// Reads a password from where `from` says (`env:NAME` or `file:PATH`, its first line).
pub fn read_password(from: &str) -> Result<String, String> {
    if let Some(var) = from.strip_prefix("env:") {
        return std::env::var(var).map_err(|_| format!("environment variable {var} is not set"));
    }
    if let Some(path) = from.strip_prefix("file:") {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        return Ok(text.lines().next().unwrap_or("").to_string());
    }
    Err(format!("unknown password source `{from}`"))
}

/// The nginx servers file: an `upstream` per server and the two maps the fleet recipe reads.
pub fn nginx_servers(
    servers: &[Server],
    password: &dyn Fn(&Server) -> Result<String, String>,
) -> Result<String, String> {
    let mut ups = String::new();
    let mut urls =
        String::from("map $bifrost_fleet_name $bifrost_fleet_url {\n    default \"\";\n");
    let mut auths =
        String::from("map $bifrost_fleet_name $bifrost_fleet_auth {\n    default \"\";\n");
    for (i, s) in servers.iter().enumerate() {
        let pw = password(s).map_err(|e| format!("{}: {e}", s.name))?;
        let basic = bifrost_encoding::base64(format!("{}:{pw}", s.user).as_bytes());
        ups.push_str(&format!(
            "upstream bifrost_fleet_{i} {{ server {}; }}  # {}\n",
            s.host_port, s.name
        ));
        urls.push_str(&format!(
            "    \"{}\" \"{}://bifrost_fleet_{i}\";\n",
            s.name, s.scheme
        ));
        auths.push_str(&format!("    \"{}\" \"Basic {basic}\";\n", s.name));
    }
    Ok(format!(
        "# Generated by `cargo xtask fleet` from the servers list: edit the list, not this file.\n\
         # Holds the monitor credentials: readable by nginx only.\n{ups}\n{urls}}}\n\n{auths}}}\n"
    ))
}

/// config.json's `instances`: each server at `<prefix><name>/` (`prefix` like `/bifrost/`).
/// Names and paths only: the browser reads this file.
pub fn config_json(servers: &[Server], prefix: &str, refresh: Option<u32>) -> String {
    let items: Vec<String> = servers
        .iter()
        .map(|s| {
            format!(
                "    {{ \"name\": \"{}\", \"prefix\": \"{prefix}{}/\" }}",
                s.name, s.name
            )
        })
        .collect();
    let refresh = refresh.map_or(String::new(), |r| format!(",\n  \"refresh\": {r}"));
    format!(
        "{{\n  \"instances\": [\n{}\n  ]{refresh}\n}}\n",
        items.join(",\n")
    )
}
