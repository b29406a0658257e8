//! Stamps the git commit into `fittui --version` when built from a checkout (`FITTUI_GIT`:
//! `0.1.0 (abc1234)`, with `-dirty` for uncommitted changes); a build from a source archive
//! has no `.git` and shows the version alone. On a glibc that reads them, the binary's
//! relocations are packed.

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
    if packs_relocations() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether the binary's relative relocations can be packed (`DT_RELR`): a PIE binary's ~36,000
/// of them are otherwise an 850 KB table the loader reads at every start (~1 MB of each
/// command's memory). The loader must know the format, so only for a native glibc ≥ 2.36 build
/// (a binary with it does not start on an older glibc).
fn packs_relocations() -> bool {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
        || var("HOST") != var("TARGET")
    {
        return false;
    }
    let Ok(out) = Command::new("getconf").arg("GNU_LIBC_VERSION").output() else {
        return false;
    };
    // "glibc 2.36"
    let text = String::from_utf8_lossy(&out.stdout);
    let mut version = text
        .trim()
        .trim_start_matches("glibc ")
        .split('.')
        .map(|n| n.parse::<u32>().unwrap_or(0));
    let (major, minor) = (version.next().unwrap_or(0), version.next().unwrap_or(0));
    out.status.success() && (major, minor) >= (2, 36)
}
