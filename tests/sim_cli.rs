//! The simulator through the `fittui` binary (`fittui sim`: its JSON line, flags, request log on
//! stderr, the seeds' curl example), and the app's OAuth scopes against the simulator's.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

use fittui_sim::testkit::{NOW, client, get, send_json};
use fittui_sim::{Api, SimInfo};

#[test]
fn every_scope_the_app_asks_for_is_one_the_simulator_knows() {
    for (api, scopes) in [
        (Api::Fitbit, fittui::provider::fitbit::SCOPES),
        (Api::Google, fittui::provider::google::SCOPES),
    ] {
        for scope in scopes {
            assert!(fittui_sim::scopes::knows(api, scope), "{api}: {scope}");
        }
    }
}

/// Starts `fittui sim` with `args` (stdout piped) and reads its JSON line.
fn spawn_sim(args: &[&str], stderr: Stdio) -> (Child, SimInfo) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fittui"))
        .arg("sim")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("spawn fittui sim");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("line");
    let info: SimInfo = serde_json::from_str(&line).expect("json line");
    (child, info)
}

#[tokio::test]
async fn binary_prints_one_json_line_and_serves() {
    let (mut child, info) = spawn_sim(
        &["--provider", "fitbit", "--now", NOW, "--auto-approve"],
        Stdio::null(),
    );
    assert_eq!(info.provider, "fitbit");
    assert_eq!(info.user_id, "GGNJL9");
    assert!(info.api_base_url.starts_with("http://127.0.0.1:"));
    assert_eq!(
        info.token_url,
        format!("{}/oauth2/token", info.api_base_url)
    );
    let http = client();
    let remote: SimInfo = send_json(http.get(format!("{}/info", info.control_url))).await;
    assert_eq!(remote, info);
    child.kill().ok();
    child.wait().ok();
}

#[test]
fn the_binary_refuses_non_loopback_addresses() {
    let out = Command::new(env!("CARGO_BIN_EXE_fittui"))
        .args(["sim", "--provider", "google", "--addr", "192.168.1.2:80"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a loopback address"));
}

#[tokio::test]
async fn curl_example_from_the_seeds_works() {
    let (mut child, info) = spawn_sim(
        &[
            "--provider",
            "fitbit",
            "--now",
            NOW,
            "--auto-approve",
            "--log-requests",
        ],
        Stdio::null(),
    );
    let http = client();
    // Authorization code flow without a browser (auto-approve), client app with PKCE.
    let verifier = "a".repeat(64);
    let challenge = fittui_sim::oauth::s256(&verifier);
    let redirect = "http://127.0.0.1:9/callback";
    let r = http
        .get(&info.authorize_url)
        .query(&[
            ("client_id", info.client_id.as_str()),
            ("response_type", "code"),
            ("redirect_uri", redirect),
            ("scope", "settings"),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
            ("state", "s"),
        ])
        .send()
        .await
        .unwrap();
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let code = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let tokens: serde_json::Value = http
        .post(&info.token_url)
        .form(&[
            ("client_id", info.client_id.as_str()),
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", redirect),
            ("code_verifier", verifier.as_str()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access = tokens["access_token"].as_str().unwrap();
    let devices_url = format!("{}/1/user/-/devices.json", info.api_base_url);
    let (status, body) = get(&http, &devices_url, access).await;
    assert_eq!(status, 200);
    assert!(body.contains("Charge 2"));
    // The seed's curl line, verbatim apart from the host and token.
    if let Ok(out) = Command::new("curl")
        .args([
            "-s",
            "-X",
            "GET",
            &devices_url,
            "-H",
            "accept: application/json",
            "-H",
            &format!("authorization: Bearer {access}"),
        ])
        .output()
    {
        assert_eq!(String::from_utf8_lossy(&out.stdout), body);
    }
    child.kill().ok();
    child.wait().ok();
}

#[tokio::test]
async fn log_requests_prints_json_lines_on_stderr() {
    let (mut child, info) = spawn_sim(
        &["--provider", "google", "--now", NOW, "--log-requests"],
        Stdio::piped(),
    );
    let http = client();
    let r = http
        .get(format!("{}/users/me/identity", info.api_base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let mut err_line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut err_line)
        .unwrap();
    let record: serde_json::Value = serde_json::from_str(&err_line).unwrap();
    assert_eq!(record["path"], "/v4/users/me/identity");
    assert_eq!(record["status"], 401);
    assert_eq!(record["seq"], 1);
    child.kill().ok();
    child.wait().ok();
}
