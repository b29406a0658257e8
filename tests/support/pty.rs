//! Drives the real binary in a pseudo-terminal: a reader thread feeds a vt100 screen and keeps
//! the raw bytes, so tests can wait for text, send keys and check what the terminal was told.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

pub struct PtySession {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
}

/// Runs `fittui <args>` under `sh`, then prints `EXIT=<code>` and `stty -a`, so a test can
/// read the exit code and the terminal modes left behind.
pub fn spawn_fittui(args: &[&str], env: &[(&str, String)], cols: u16, rows: u16) -> PtySession {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new("sh");
    cmd.arg("-c");
    cmd.arg(r#""$FITTUI_BIN" "$@"; echo "EXIT=$?"; stty -a; sleep 5"#);
    cmd.arg("sh");
    for a in args {
        cmd.arg(a);
    }
    cmd.env("FITTUI_BIN", env!("CARGO_BIN_EXE_fittui"));
    cmd.env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let writer = pty.master.take_writer().unwrap();
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZero::new(rows).unwrap(),
        std::num::NonZero::new(cols).unwrap(),
        0,
    )));
    let raw = Arc::new(Mutex::new(Vec::new()));
    let (p, r) = (parser.clone(), raw.clone());
    // Keep the master alive as long as the reader runs.
    let master = pty.master;
    std::thread::spawn(move || {
        let _master = master;
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    p.lock().unwrap().process(&buf[..n]);
                    r.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            }
        }
    });
    PtySession {
        parser,
        raw,
        writer,
        child,
    }
}

impl PtySession {
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Waits until the screen satisfies `pred`; returns whether it did in time.
    pub fn wait_for(&self, timeout: Duration, pred: impl Fn(&str) -> bool) -> bool {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if pred(&self.screen()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        false
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
        // Give the app a moment so separate keys are not read as one escape sequence.
        std::thread::sleep(Duration::from_millis(120));
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Text printed after fittui ended (`EXIT=<code>` and `stty -a`), from the raw output so a
    /// small screen cannot scroll it away.
    fn epilogue(&self) -> Option<String> {
        let raw = self.raw();
        let at = rfind(&raw, b"EXIT=")?;
        Some(String::from_utf8_lossy(&raw[at..]).into_owned())
    }

    /// Waits for fittui to end and returns its exit code.
    pub fn wait_exit_code(&self, timeout: Duration) -> Option<i32> {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if let Some(text) = self.epilogue()
                && text.contains("speed")
            {
                let digits: String = text["EXIT=".len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                return digits.parse().ok();
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        None
    }

    /// The `stty -a` modes printed after fittui ended.
    pub fn stty(&self) -> String {
        self.epilogue().unwrap_or_default()
    }
}

impl Drop for PtySession {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Index of the last occurrence of `needle` in `hay`.
pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Checks everything a restored terminal needs: the alternate screen was left after it was
/// last entered, the cursor shown, mouse capture off, and cooked mode back (`icanon`, `echo`).
pub fn assert_restored(session: &PtySession) {
    let raw = session.raw();
    let entered = rfind(&raw, b"\x1b[?1049h").expect("the alternate screen was entered");
    let left = rfind(&raw, b"\x1b[?1049l").expect("the alternate screen was left");
    assert!(
        left > entered,
        "left the alternate screen after entering it"
    );
    let shown = rfind(&raw, b"\x1b[?25h").expect("cursor shown");
    assert!(shown > entered, "cursor shown again");
    if let Some(mouse_on) = rfind(&raw, b"\x1b[?1000h") {
        let mouse_off = rfind(&raw, b"\x1b[?1000l").expect("mouse capture turned off");
        assert!(mouse_off > mouse_on);
    }
    let stty = session.stty();
    let words: Vec<&str> = stty.split_whitespace().collect();
    assert!(words.contains(&"icanon"), "cooked mode restored:\n{stty}");
    assert!(words.contains(&"echo"), "echo restored:\n{stty}");
}
