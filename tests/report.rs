//! Tests for the parts made for looking rather than reading: the HTML report (escaping,
//! self-containment, rendering in headless Chromium), terminal colour and its absence,
//! progress, shell completions and the manual page.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tempfile::TempDir;

fn tipsom() -> Command {
    Command::cargo_bin("tipsom").unwrap()
}

/// Runs `report` on `input` (a path or `-` with `stdin`) and returns the page.
fn report(dir: &TempDir, args: &[&str], stdin: Option<&str>) -> String {
    let out = dir.path().join("report.html");
    let mut cmd = tipsom();
    cmd.arg("report").args(args).arg("-o").arg(&out);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    cmd.assert().success();
    fs::read_to_string(out).unwrap()
}

fn cards(html: &str) -> usize {
    html.matches("<article class=\"card ").count()
}

const HOSTILE: &str = "id,text\n\
\"<script>alert('id')</script>\",\"They paid the smugglers 3,000 euros <script>alert('x')</script> each to cross the sea. <img src=x onerror=alert(1)> </blockquote><style>body{display:none}</style> & \"\"quoted\"\"\"\n\
plain,\"She was recruited, beaten and forced into prostitution.\"\n";

// ------------------------------------------------------------------ report

#[test]
fn report_has_summary_elements_and_one_card_per_case() {
    let dir = TempDir::new().unwrap();
    let html = report(&dir, &["data/sample.csv"], None);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for part in [
        "id=\"summary\"",
        "Verdicts",
        "Needs review:",
        "Wording disagrees with the facts:",
        "id=\"elements\"",
        "<svg class=\"bar\"",
        "Smuggling Protocol art.",
        "<mark class=\"e-",
        "id=\"f-review\"",
    ] {
        assert!(html.contains(part), "missing {part}");
    }
    assert_eq!(cards(&html), 25);
    assert!(!html.contains("left out"));
}

#[test]
fn case_text_with_markup_is_shown_as_text() {
    let dir = TempDir::new().unwrap();
    let html = report(&dir, &["-"], Some(HOSTILE));
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "a script tag got through");
    assert!(!lower.contains("<img"), "an img tag got through");
    assert_eq!(
        lower.matches("<style").count(),
        1,
        "a style tag got through"
    );
    assert_eq!(lower.matches("</blockquote>").count(), cards(&html));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("<bdi>&lt;script&gt;alert(&#39;id&#39;)&lt;/script&gt;</bdi>"));
    assert!(html.contains("&amp; &quot;quoted&quot;"));
    assert_eq!(cards(&html), 2);
}

#[test]
fn report_is_self_contained() {
    let dir = TempDir::new().unwrap();
    let html = report(&dir, &["data/sample.csv"], None).to_lowercase();
    for forbidden in [
        "src=\"http://",
        "src=\"https://",
        "href=\"http://",
        "href=\"https://",
        "src=http",
        "href=http",
        "url(",
        "@import",
        "<link",
        "<script",
        "<iframe",
    ] {
        assert!(!html.contains(forbidden), "found {forbidden}");
    }
    assert!(html.contains("content-security-policy"));
    assert!(html.contains("default-src 'none'"));
}

#[test]
fn max_cards_caps_the_cards_and_the_page_says_how_many_were_left_out() {
    let dir = TempDir::new().unwrap();
    let html = report(&dir, &["data/sample.csv", "--max-cards", "3"], None);
    assert_eq!(cards(&html), 3);
    assert!(
        html.contains("Showing the first 3 of 25 cases"),
        "no left-out note"
    );
    assert!(html.contains("22 left out"));
    let none = report(&dir, &["data/sample.csv", "--max-cards", "0"], None);
    assert_eq!(cards(&none), 0);
    assert!(none.contains("id=\"summary\""));
}

#[test]
fn report_reads_stdin_writes_stdout_and_survives_an_empty_file() {
    let out = tipsom()
        .arg("report")
        .write_stdin("id,text\nx1,They paid a smuggler to cross the border.\n")
        .assert()
        .success();
    let html = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(cards(&html), 1);
    assert!(html.contains("standard input"));
    let dir = TempDir::new().unwrap();
    let html = report(&dir, &["-"], Some("id,text\n"));
    assert_eq!(cards(&html), 0);
    assert!(html.contains("0 of 0 (0%)"));
}

#[test]
fn report_errors_have_the_right_exit_codes() {
    let dir = TempDir::new().unwrap();
    let check = |cmd: &mut Command, code: i32, fragment: &str| {
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{stderr}");
        assert!(stderr.contains(fragment), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    };
    check(
        tipsom()
            .args(["report", "no/such.csv", "-o"])
            .arg(dir.path().join("r.html")),
        3,
        "cannot open",
    );
    check(
        tipsom()
            .args(["report", "data/sample.csv", "-o"])
            .arg(dir.path().join("missing/r.html")),
        5,
        "does not exist",
    );
    let input = dir.path().join("cases.csv");
    fs::write(&input, "id,text\n1,a\n").unwrap();
    check(
        tipsom().arg("report").arg(&input).arg("-o").arg(&input),
        2,
        "also an input file",
    );
    assert_eq!(fs::read_to_string(&input).unwrap(), "id,text\n1,a\n");
}

// ------------------------------------------------------------------ Chromium

/// The Chromium binary, or `None` (a failure under CI, which installs it).
fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromium"))
            .find(|path| path.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but chromium is missing: .ci/run should have installed it"
        );
        eprintln!("note: chromium not found; skipping the browser test (apt-get install chromium)");
    }
    found
}

/// Runs headless Chromium on `page` and returns (stdout, stderr); kills it after a minute.
/// Its output goes to files, so a full pipe can never stall it.
fn run_chromium(chromium: &Path, page: &Path, action: &str) -> (String, String) {
    let profile = TempDir::new().unwrap();
    let stdout = profile.path().join("stdout.txt");
    let stderr = profile.path().join("stderr.txt");
    let mut child = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(action)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout).unwrap())
        .stderr(fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chromium did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let read = |path: &Path| String::from_utf8_lossy(&fs::read(path).unwrap()).into_owned();
    (read(&stdout), read(&stderr))
}

#[test]
fn chromium_renders_the_summary_and_the_cards_without_console_errors() {
    let Some(chromium) = chromium() else { return };
    let dir = TempDir::new().unwrap();
    let sample = fs::read_to_string("data/sample.csv").unwrap();
    let hostile_rows = HOSTILE.split_once('\n').unwrap().1;
    let input = dir.path().join("cases.csv");
    fs::write(&input, format!("{sample}{hostile_rows}")).unwrap();
    let page = dir.path().join("report.html");
    tipsom()
        .arg("report")
        .arg(&input)
        .arg("-o")
        .arg(&page)
        .assert()
        .success();
    let (dom, stderr) = run_chromium(&chromium, &page, "--dump-dom");
    assert!(
        dom.contains("id=\"summary\""),
        "no summary in the DOM: {stderr}"
    );
    assert!(
        dom.contains("id=\"elements\""),
        "no element table in the DOM"
    );
    assert_eq!(cards(&dom), 27, "cards in the rendered DOM");
    assert!(
        !dom.to_lowercase().contains("<script"),
        "a script got into the DOM"
    );
    for error in ["CONSOLE", "Uncaught", "Refused to", "ERR_"] {
        let bad: Vec<&str> = stderr.lines().filter(|l| l.contains(error)).collect();
        assert!(bad.is_empty(), "console errors: {bad:#?}");
    }
}

// ------------------------------------------------------------------ terminal

#[test]
fn piped_output_is_plain_and_colour_can_be_forced_unless_no_color() {
    let runs: [&[&str]; 3] = [
        &["classify", "data/sample.csv", "--format", "table"],
        &["explain", "data/sample.csv", "--id", "s01"],
        &["rules"],
    ];
    for args in runs {
        let plain = tipsom()
            .args(args)
            .env_remove("CLICOLOR_FORCE")
            .output()
            .unwrap();
        assert!(plain.status.success());
        assert!(
            !plain.stdout.contains(&0x1b),
            "escape codes in piped {args:?}"
        );
        let forced = tipsom()
            .args(args)
            .env("CLICOLOR_FORCE", "1")
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        assert!(
            forced.stdout.contains(&0x1b),
            "no colour when forced: {args:?}"
        );
        let no_color = tipsom()
            .args(args)
            .env("CLICOLOR_FORCE", "1")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(
            !no_color.stdout.contains(&0x1b),
            "colour despite NO_COLOR: {args:?}"
        );
        assert_eq!(no_color.stdout, plain.stdout, "{args:?}");
    }
}

#[test]
fn coloured_table_stays_aligned() {
    let forced = tipsom()
        .args(["classify", "data/sample.csv", "--format", "table"])
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let text = String::from_utf8(forced.stdout).unwrap();
    let stripped = strip_ansi(&text);
    let plain = tipsom()
        .args(["classify", "data/sample.csv", "--format", "table"])
        .output()
        .unwrap();
    assert_eq!(stripped, String::from_utf8(plain.stdout).unwrap());
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(ch);
        }
    }
    out
}

#[test]
fn no_progress_when_stderr_is_not_a_terminal() {
    let dir = TempDir::new().unwrap();
    let out = tipsom()
        .args(["classify", "data/sample.csv", "-o"])
        .arg(dir.path().join("out.csv"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// On a terminal (a pseudo-terminal from `script`), a long run shows its count and rate.
#[test]
fn progress_shows_on_a_terminal_for_long_runs() {
    if !Path::new("/usr/bin/script").exists() {
        eprintln!("note: no `script` command; skipping the terminal progress test");
        return;
    }
    let dir = TempDir::new().unwrap();
    let sample = fs::read_to_string("data/sample.csv").unwrap();
    let (header, rows) = sample.split_once('\n').unwrap();
    let big = dir.path().join("big.csv");
    fs::write(&big, format!("{header}\n{}", rows.repeat(2400))).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("tipsom");
    let command = format!(
        "{} classify {} -o {}",
        bin.display(),
        big.display(),
        dir.path().join("out.csv").display()
    );
    let started = Instant::now();
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("CI")
        .output()
        .unwrap();
    let took = started.elapsed();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(!shown.contains("panicked"), "{shown}");
    if took > Duration::from_secs(2) {
        assert!(
            shown.contains("cases/s"),
            "no progress after {took:?}: {shown}"
        );
    }
}

// ------------------------------------------------------------------ completions, man

#[test]
fn completions_for_every_shell_know_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        tipsom()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("report").and(predicate::str::contains("max-cards")));
    }
    tipsom()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tcsh"));
}

#[test]
fn man_prints_a_page_and_writes_one_per_subcommand() {
    tipsom()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH tipsom 1").and(predicate::str::contains("report")));
    let dir = TempDir::new().unwrap();
    tipsom()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    for page in [
        "tipsom.1",
        "tipsom-report.1",
        "tipsom-classify.1",
        "tipsom-completions.1",
    ] {
        let text = fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(text.contains(".TH"), "{page}");
    }
    tipsom()
        .args(["man", "--dir"])
        .arg(dir.path().join("missing"))
        .assert()
        .code(5)
        .stderr(predicate::str::contains("not a folder"));
}

#[test]
fn new_commands_have_help_with_examples() {
    for command in ["report", "completions", "man"] {
        tipsom()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"));
    }
}
