//! The fleet recipe (`deploy/nginx/bifrost-dashboard-fleet.conf`) running in a real nginx with
//! only its CHANGE values replaced, its servers file and config.json written by the generator
//! of `cargo xtask fleet` from one list, as a user would: shared by `e2e_fleet` and the
//! benchmark's fleet scenario.

use super::deploy::{portal_recipe, Web};
use super::{mask_socket, replace_once};

#[path = "../../xtask/src/fleet.rs"]
#[allow(dead_code)]
mod generator;

pub const FLEET_CONF: &str = "deploy/nginx/bifrost-dashboard-fleet.conf";

/// The password every simulator's monitor user has, given to the generator through the
/// environment (the list names the variable, never the password).
const PASSWORD_VAR: &str = "FLEET_E2E_PASSWORD";

/// One line of the servers list.
pub struct FleetServer {
    pub name: String,
    pub scheme: String,
    pub port: u16,
}

impl FleetServer {
    pub fn new(name: &str, scheme: &str, port: u16) -> FleetServer {
        FleetServer {
            name: name.into(),
            scheme: scheme.into(),
            port,
        }
    }
}

/// nginx with the fleet recipe in front of `servers` (on loopback), serving the sub-path build
/// (E2E_DIST_SUBPATH, or BENCH_DIST_SUBPATH when set) with the generated config.json. Every
/// other server reads its password from a file, the others from the environment: both
/// sources of the list are used.
pub fn fleet_web(name: &str, servers: &[FleetServer], refresh: Option<u32>) -> Web {
    std::env::set_var(PASSWORD_VAR, "Bifrost123");
    let dist_var = if std::env::var_os("BENCH_DIST_SUBPATH").is_some() {
        "BENCH_DIST_SUBPATH"
    } else {
        "E2E_DIST_SUBPATH"
    };
    Web::start(name, |port, dir, _| {
        let pw_file = dir.join("monitor.password");
        std::fs::write(&pw_file, "Bifrost123\n").expect("password file");
        let mut list = String::from("# name  address  user  password\n");
        for (i, s) in servers.iter().enumerate() {
            let from = if i % 2 == 0 {
                format!("env:{PASSWORD_VAR}")
            } else {
                format!("file:{}", pw_file.display())
            };
            list.push_str(&format!(
                "{} {}://127.0.0.1:{} BifrostMonitor {from}\n",
                s.name, s.scheme, s.port
            ));
        }
        let parsed = generator::parse_servers(&list).expect("the servers list");
        let nginx =
            generator::nginx_servers(&parsed, &|s| generator::read_password(&s.password_from))
                .expect("the nginx servers file");
        let config = generator::config_json(&parsed, "/bifrost/", refresh);
        let (c, dist) = portal_recipe(FLEET_CONF, dist_var, port, dir);
        std::fs::write(dist.join("config.json"), &config).expect("config.json");
        std::fs::write(dir.join("servers.conf"), &nginx).expect("servers.conf");
        let c = replace_once(
            &c,
            "include /etc/nginx/bifrost-fleet-servers.conf;",
            &format!("include {}/servers.conf;", dir.display()),
        );
        let c = replace_once(
            &c,
            "proxy_cache_path /var/lib/nginx/bifrost-dashboard-fleet-cache ",
            &format!("proxy_cache_path {}/cache ", dir.display()),
        );
        mask_socket(
            &c,
            "/run/bifrost-dashboard-fleet-mask.sock",
            &dir.join("cache"),
        )
    })
}
