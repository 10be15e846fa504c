//! `cargo xtask dev`: the dashboard's dev server (Trunk) against the simulator, or against a
//! real Bifrost through a git-ignored Trunk.local.toml (proxies with or without credentials).

use std::env;
use std::path::Path;
use std::process::{Child, Stdio};

use bifrost_encoding::base64;

use super::{cmd, root, run, setup, Result};

const SIM_ADDR: &str = "127.0.0.1:21036";

/// Kills a child process when dropped, so no server outlives the task.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn dev() -> Result {
    setup(false)?;
    let real = env::var("BIFROST_URL").ok().filter(|u| !u.is_empty());
    let mut trunk = cmd("trunk");
    trunk.args(["serve", "--offline"]);
    let _sim = match &real {
        Some(url) => {
            let user = env::var("BIFROST_USER").unwrap_or_else(|_| "BifrostMonitor".into());
            // Without BIFROST_PASSWORD the proxy adds no credentials, like
            // deploy/nginx/bifrost-dashboard-signin.conf: the dashboard's sign-in form asks.
            let password = env::var("BIFROST_PASSWORD").ok().filter(|p| !p.is_empty());
            let local = root().join("Trunk.local.toml");
            let creds = password.as_deref().map(|p| (user.as_str(), p));
            write_private(&local, &local_trunk_toml(url, creds)?)?;
            trunk.arg("--config").arg(&local);
            match creds {
                Some(_) => eprintln!(
                    "xtask: proxying to {url} as {user} (Trunk.local.toml, git-ignored)"
                ),
                None => eprintln!(
                    "xtask: proxying to {url} without credentials (no BIFROST_PASSWORD): sign in in the dashboard"
                ),
            }
            None
        }
        None => {
            run(cmd("cargo").args(["build", "--quiet", "-p", "bifrost-sim"]))?;
            let sim = cmd(&root()
                .join("target/debug/bifrost-sim")
                .display()
                .to_string())
            .args(["--listen", SIM_ADDR])
            .stdout(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("starting the simulator: {e}"))?;
            Some(Guard(sim))
        }
    };
    println!("\n  Bifrost Dashboard: open http://127.0.0.1:8080/ (first build takes a minute)\n");
    // Trunk logs proxied request headers at INFO: keep credentials out of the terminal.
    run(trunk.env("RUST_LOG", "warn"))
}

/// What the dev proxy forwards to Bifrost: the same routes as the nginx configs' API location
/// (`^/(db/list|table/synclist/list|synclist|flow/get)$`, a test compares them).
const PROXY_ROUTES: [&str; 4] = ["/db/list", "/table/synclist/list", "/synclist", "/flow/get"];

/// Writes a file only its owner may read (it may hold a password).
fn write_private(path: &Path, text: &str) -> Result {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    o.mode(0o600);
    let mut f = o
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    // an existing file keeps its mode on open: tighten it
    #[cfg(unix)]
    f.set_permissions(std::fs::Permissions::from_mode(0o600))
        .map_err(|e| e.to_string())?;
    f.write_all(text.as_bytes()).map_err(|e| e.to_string())
}

/// Trunk.toml with the proxies pointed at a real Bifrost: the same four routes as the nginx
/// configs (deploy/nginx/), with the credentials added (`Some((user, password))`) or, with
/// `None`, the browser's own from the sign-in form passed through.
fn local_trunk_toml(url: &str, creds: Option<(&str, &str)>) -> Result<String> {
    let base = std::fs::read_to_string(root().join("Trunk.toml")).map_err(|e| e.to_string())?;
    let headers = match creds {
        Some((user, password)) => format!(
            "request_headers = {{ Authorization = \"Basic {}\" }}\n",
            base64(format!("{user}:{password}").as_bytes())
        ),
        None => String::new(),
    };
    let url = url.trim_end_matches('/');
    if url.contains(['"', '\\', '\n']) {
        return Err(format!("BIFROST_URL {url:?} is not a plain URL"));
    }
    let head = base
        .split("[[proxy]]")
        .next()
        .unwrap_or_default()
        .to_string();
    let proxies: String = PROXY_ROUTES
        .iter()
        .map(|p| {
            format!(
                "[[proxy]]\nbackend = \"{url}{p}\"\ninsecure = {}\n{headers}\n",
                env::var("BIFROST_INSECURE")
                    .map(|v| v != "0")
                    .unwrap_or(true)
            )
        })
        .collect();
    Ok(head + &proxies)
}

#[cfg(test)]
mod tests {
    use super::{local_trunk_toml, root, PROXY_ROUTES};

    /// The routes of an nginx config's API location: `^/(a|b|c)$` (one prefix per instance).
    fn nginx_routes(conf: &str) -> Vec<Vec<String>> {
        conf.lines()
            .filter_map(|l| l.trim().strip_prefix("location ~ ^/"))
            .filter_map(|l| {
                let inner = l.split_once('(')?.1.split_once(')')?.0;
                Some(inner.split('|').map(|r| format!("/{r}")).collect())
            })
            .collect()
    }

    #[test]
    fn the_dev_proxy_has_the_nginx_routes() {
        let mut want: Vec<String> = PROXY_ROUTES.iter().map(|s| s.to_string()).collect();
        want.sort();
        for f in [
            "bifrost-dashboard.conf",
            "bifrost-dashboard-subpath.conf",
            "bifrost-dashboard-signin.conf",
        ] {
            let conf = std::fs::read_to_string(root().join("deploy/nginx").join(f)).unwrap();
            let locations = nginx_routes(&conf);
            assert!(!locations.is_empty(), "{f}: no API location");
            for mut routes in locations {
                routes.sort();
                assert_eq!(routes, want, "{f}");
            }
        }
        // Trunk.toml (the simulator) and Trunk.local.toml (a real Bifrost) alike.
        let trunk = std::fs::read_to_string(root().join("Trunk.toml")).unwrap();
        for r in PROXY_ROUTES {
            assert!(
                trunk.contains(&format!("backend = \"https://127.0.0.1:21036{r}\"")),
                "Trunk.toml lacks {r}"
            );
        }
    }

    /// The directives of a policy, the nonce written as `{{NONCE}}` (trunk's placeholder).
    fn directives(policy: &str, nonce: &str) -> Vec<String> {
        policy
            .split(';')
            .map(|d| d.trim().replace(nonce, "{{NONCE}}"))
            .filter(|d| !d.is_empty())
            .collect()
    }

    #[test]
    fn the_dev_server_sends_the_deploy_content_security_policy() {
        let trunk = std::fs::read_to_string(root().join("Trunk.toml")).unwrap();
        let list = trunk
            .split_once("csp = [")
            .and_then(|(_, rest)| rest.split_once(']'))
            .expect("Trunk.toml [serve] csp")
            .0;
        let dev: Vec<String> = list
            .lines()
            .map(|l| l.trim().trim_end_matches(',').trim_matches('"'))
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        assert!(
            dev.iter().any(|d| d.starts_with("style-src 'self'")),
            "{dev:?}"
        );
        for f in [
            "bifrost-dashboard.conf",
            "bifrost-dashboard-subpath.conf",
            "bifrost-dashboard-signin.conf",
        ] {
            let conf = std::fs::read_to_string(root().join("deploy/nginx").join(f)).unwrap();
            let policy = conf
                .split_once("add_header Content-Security-Policy \"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .unwrap_or_else(|| panic!("{f}: no Content-Security-Policy"))
                .0;
            assert_eq!(directives(policy, "$request_id"), dev, "{f}");
        }
    }

    #[test]
    fn trunk_local_toml_adds_credentials_only_when_given() {
        let with = local_trunk_toml(
            "https://b.example:21036/",
            Some(("BifrostMonitor", "Bifrost123")),
        )
        .unwrap();
        let without = local_trunk_toml("https://b.example:21036", None).unwrap();
        for (text, auth) in [(&with, 4), (&without, 0)] {
            for r in PROXY_ROUTES {
                assert!(text.contains(&format!("backend = \"https://b.example:21036{r}\"")));
            }
            assert_eq!(text.matches("[[proxy]]").count(), 4);
            assert_eq!(
                text.matches("Authorization = \"Basic Qmlmcm9zdE1vbml0b3I6Qmlmcm9zdDEyMw==\"")
                    .count(),
                auth
            );
            assert!(!text.contains("127.0.0.1:21036"), "{text}");
            assert!(
                text.contains("create_nonce = true"),
                "Trunk.toml's head is kept"
            );
        }
        assert!(local_trunk_toml("https://x\"y", None).is_err());
    }
}
