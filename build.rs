//! Stamps the git commit into `fittui --version` when built from a checkout (`FITTUI_GIT`:
//! `0.1.0 (abc1234)`, with `-dirty` for uncommitted changes); a build from a source archive
//! has no `.git` and shows the version alone.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let stamped = git(&["rev-parse", "--short=10", "HEAD"]).map_or_else(
        || version.to_string(),
        |commit| {
            let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|s| !s.is_empty());
            format!("{version} ({commit}{})", if dirty { "-dirty" } else { "" })
        },
    );
    println!("cargo:rustc-env=FITTUI_VERSION={stamped}");
    // Rebuild when HEAD moves (a commit, a checkout); the paths come from git itself, so this
    // works in worktrees too.
    for what in ["HEAD", "index"] {
        if let Some(path) = git(&["rev-parse", "--git-path", what]) {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    if let Some(head_ref) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(path) = git(&["rev-parse", "--git-path", &head_ref])
    {
        println!("cargo:rerun-if-changed={path}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
