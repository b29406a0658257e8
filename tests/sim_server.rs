//! The simulator as a server: the real binary's JSON line, control endpoints, the request log,
//! loopback-only binding, and every fault.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    clippy::float_cmp
)] // test code: a panic is the failure report; scenarios read top to bottom

mod sim_support;

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use fittui::provider::ProviderKind;
use fittui::sim::{SimConfig, SimInfo, start};
use sim_support::{NOW, client, get, sim_at, sim_with};

#[tokio::test]
async fn binary_prints_one_json_line_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fittui"))
        .args([
            "sim",
            "--provider",
            "fitbit",
            "--now",
            NOW,
            "--auto-approve",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn fittui sim");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("line");
    let info: SimInfo = serde_json::from_str(&line).expect("json line");
    assert_eq!(info.provider, "fitbit");
    assert_eq!(info.user_id, "GGNJL9");
    assert!(info.api_base_url.starts_with("http://127.0.0.1:"));
    assert_eq!(
        info.token_url,
        format!("{}/oauth2/token", info.api_base_url)
    );
    let http = client();
    let remote: SimInfo = http
        .get(format!("{}/info", info.control_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(remote, info);
    child.kill().ok();
    child.wait().ok();
}

#[tokio::test]
async fn refuses_non_loopback_addresses() {
    let config = SimConfig::new(ProviderKind::Fitbit).addr("0.0.0.0:0".parse().unwrap());
    let err = start(config).await.unwrap_err().to_string();
    assert!(err.contains("not a loopback address"), "{err}");
    let out = Command::new(env!("CARGO_BIN_EXE_fittui"))
        .args(["sim", "--provider", "google", "--addr", "192.168.1.2:80"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a loopback address"));
}

#[tokio::test]
async fn reset_fault_drops_the_connection() {
    let (sim, _clock) = sim_with(
        SimConfig::new(ProviderKind::Fitbit).faults("reset:1".parse().unwrap()),
        NOW,
    )
    .await;
    let token = sim.grant_tokens(&["settings"]).access_token;
    let http = client();
    let result = http
        .get(format!("{}/1/user/-/devices.json", sim.api_base_url()))
        .bearer_auth(&token)
        .send()
        .await;
    match result {
        Err(e) => assert!(!e.is_status(), "{e}"),
        Ok(r) => assert!(r.bytes().await.is_err(), "body should fail"),
    }
    let log = sim.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].fault, Some("reset"));
    assert_eq!(log[0].status, 0);
    drop(sim);
    let _ = get;
    let _ = sim_at;
}
