//! Command-line tests: every command and format, and the bad-input battery.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

fn tipsom() -> Command {
    Command::cargo_bin("tipsom").unwrap()
}

const HEADER: &str = "id,label,p_trafficking,p_smuggling,act,means,purpose,child,illegal_entry,facilitator_benefit,rule_label,needs_review,wording,evidence,review_reason";

fn write(dir: &TempDir, name: &str, content: impl AsRef<[u8]>) -> String {
    let path = dir.path().join(name);
    fs::write(&path, content).unwrap();
    path.to_str().unwrap().to_string()
}

/// Runs a command that must fail: checks the exit code, that no panic escaped,
/// and that the message contains every expected fragment.
fn fails(cmd: &mut Command, code: i32, fragments: &[&str]) {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for f in fragments {
        assert!(stderr.contains(f), "expected {f:?} in: {stderr}");
    }
}

fn rows(stdout: &[u8]) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(stdout)
        .records()
        .map(Result::unwrap)
        .collect()
}

// ------------------------------------------------------------------ classify

#[test]
fn classify_sample_writes_the_documented_columns() {
    let out = tipsom()
        .args(["classify", "data/sample.csv"])
        .assert()
        .success();
    let stdout = out.get_output().stdout.clone();
    let text = String::from_utf8(stdout.clone()).unwrap();
    assert_eq!(text.lines().next().unwrap(), HEADER);
    let rows = rows(&stdout);
    assert_eq!(rows.len(), 25);
    for row in rows {
        assert!(["trafficking", "smuggling", "both", "neither"].contains(&&row[1]));
        for p in [&row[2], &row[3]] {
            let p: f64 = p.parse().unwrap();
            assert!((0.0..=1.0).contains(&p));
        }
    }
}

#[test]
fn classify_reads_stdin_and_writes_jsonl_and_table() {
    let input = "id,text\nx1,\"They paid the smugglers 3,000 euros each to cross the sea in a rubber boat.\"\n";
    let out = tipsom()
        .args(["classify", "--format", "jsonl"])
        .write_stdin(input)
        .assert()
        .success();
    let line = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let value: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(value["id"], "x1");
    assert_eq!(value["label"], "smuggling");
    tipsom()
        .args(["classify", "--format", "table", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(predicate::str::contains("x1").and(predicate::str::contains("smuggling")));
}

#[test]
fn classify_keeps_columns_and_numbers_rows_without_ids() {
    let input = "text,source\n\"She was forced to beg.\",court\n\"A quiet day.\",news\n";
    let out = tipsom()
        .args(["classify", "--keep", "source"])
        .write_stdin(input)
        .assert()
        .success();
    let rows = rows(&out.get_output().stdout);
    assert_eq!(&rows[0][0], "1");
    assert_eq!(&rows[1][0], "2");
    assert_eq!(&rows[1][15], "news");
}

#[test]
fn a_case_gets_the_same_answer_alone_or_in_a_batch() {
    let dir = TempDir::new().unwrap();
    let case = "k1,\"Recruited in Hanoi with a promise of restaurant work, he was locked in a house in Kent and made to tend cannabis plants.\"\n";
    let alone = write(&dir, "alone.csv", format!("id,text\n{case}"));
    let batch = write(&dir, "batch.csv", format!("id,text\nk0,\"Police seized 40 kg of cocaine.\"\n{case}k2,\"Ten men crossed the border on foot.\"\n"));
    let one = rows(&tipsom().args(["classify", &alone]).output().unwrap().stdout);
    let many = rows(&tipsom().args(["classify", &batch]).output().unwrap().stdout);
    assert_eq!(one[0], many[1]);
}

#[test]
fn output_order_follows_input_order_with_threads() {
    let mut input = String::from("id,text\n");
    for i in 0..5000 {
        input.push_str(&format!(
            "r{i},\"Case {i}: he paid a smuggler to cross the border.\"\n"
        ));
    }
    let with = |threads: &str| {
        tipsom()
            .args(["classify", "--threads", threads])
            .write_stdin(input.clone())
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let two = with("2");
    let rows = rows(&two);
    assert_eq!(rows.len(), 5000);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(&row[0], format!("r{i}"));
    }
    // Far more pieces than the helpers queue, so the reading thread classifies some too.
    assert_eq!(two, with("1"));
    assert_eq!(with("4"), with("1"));
}

#[test]
fn output_file_is_written_and_hostile_cells_are_neutralised() {
    let dir = TempDir::new().unwrap();
    let input = write(
        &dir,
        "in.csv",
        "id,text\n\"=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",\"-5 men were sold.\"\n",
    );
    let output = dir.path().join("out.csv");
    tipsom()
        .args(["classify", &input, "-o", output.to_str().unwrap()])
        .assert()
        .success()
        .stdout("");
    let rows = rows(&fs::read(&output).unwrap());
    assert!(rows[0][0].starts_with("'=HYPERLINK"), "{:?}", &rows[0][0]);
    assert!(!rows[0][13].starts_with('-') && !rows[0][13].starts_with('='));
}

#[test]
fn accepts_bom_crlf_and_quoted_newlines() {
    let dir = TempDir::new().unwrap();
    let input = write(
        &dir,
        "in.csv",
        "\u{feff}id,text\r\nq1,\"line one\r\nline two: they paid the smuggler\"\r\nq2,plain\r\n",
    );
    let out = tipsom().args(["classify", &input]).assert().success();
    let rows = rows(&out.get_output().stdout);
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "q1");
}

#[test]
fn empty_text_is_neither_and_needs_review() {
    let out = tipsom()
        .args(["classify"])
        .write_stdin("id,text\ne1,\"  \"\n")
        .assert()
        .success();
    let rows = rows(&out.get_output().stdout);
    assert_eq!(&rows[0][1], "neither");
    assert_eq!(&rows[0][11], "true");
    assert!(rows[0][14].contains("empty"));
}

#[test]
fn semicolon_and_tab_files_are_detected() {
    for delimiter in [';', '\t'] {
        let input = format!("id{delimiter}text\nd1{delimiter}They paid a smuggler to cross.\n");
        let out = tipsom()
            .args(["classify"])
            .write_stdin(input)
            .assert()
            .success();
        assert_eq!(&rows(&out.get_output().stdout)[0][0], "d1");
    }
}

#[test]
fn closed_pipe_is_a_quiet_success() {
    let mut input = String::from("id,text\n");
    for i in 0..20000 {
        input.push_str(&format!("r{i},\"They paid the smuggler.\"\n"));
    }
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "big.csv", input);
    let bin = assert_cmd::cargo::cargo_bin("tipsom");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' classify '{}' | head -1",
            bin.display(),
            path
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

// ------------------------------------------------------------------ bad input

#[test]
fn missing_file_directory_and_empty_file() {
    fails(
        tipsom().args(["classify", "no/such.csv"]),
        3,
        &["no/such.csv", "Check the path"],
    );
    let dir = TempDir::new().unwrap();
    fails(
        tipsom().args(["classify", dir.path().to_str().unwrap()]),
        3,
        &["is a folder"],
    );
    let empty = write(&dir, "empty.csv", "");
    fails(
        tipsom().args(["classify", &empty]),
        3,
        &["empty.csv is empty"],
    );
}

#[test]
fn header_only_gives_a_header_only_result() {
    let out = tipsom()
        .args(["classify"])
        .write_stdin("id,text\n")
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout).trim(),
        HEADER
    );
}

#[test]
fn missing_text_column_lists_the_columns_found() {
    fails(
        tipsom().args(["classify"]).write_stdin("id,body\n1,x\n"),
        3,
        &[
            "no column named \"text\"",
            "Columns found: \"id\", \"body\"",
            "--text-column",
        ],
    );
}

#[test]
fn ragged_rows_and_unterminated_quotes_name_the_line() {
    fails(
        tipsom()
            .args(["classify"])
            .write_stdin("id,text\n1,a\n2,b,c\n"),
        3,
        &["line 3", "3 fields", "header has 2"],
    );
    fails(
        tipsom()
            .args(["classify"])
            .write_stdin("id,text\n1,\"never closed\n2,b\n3,c\n"),
        3,
        &["line 2", "never closed"],
    );
    // Opened in the last line: the rest of the file is just that line's break.
    fails(
        tipsom()
            .args(["classify"])
            .write_stdin("id,text\n1,a\n2,\"never closed\n"),
        3,
        &["line 3", "never closed"],
    );
    fails(
        tipsom()
            .args(["classify"])
            .write_stdin("id,text\n1,a\r\n2,\"never closed\r\n"),
        3,
        &["line 3 (record 2)", "never closed"],
    );
}

#[test]
fn line_numbers_count_crlf_ends_blank_lines_and_quoted_breaks() {
    for (input, line) in [
        // Spreadsheets save CRLF; the csv crate alone would say line 2 here.
        ("id,text\r\n1,a\r\n2,b,c\r\n", "line 3 (record 2)"),
        (
            "id,text\r\n\r\n\r\n1,a\r\n\r\n2,b,c\r\n",
            "line 6 (record 2)",
        ),
        ("id,text\n\n\n1,a\n\n2,b,c\n", "line 6 (record 2)"),
        (
            "id,text\r\n1,\"multi\r\nline\"\r\n2,b,c\r\n",
            "line 4 (record 2)",
        ),
        ("id,text\n1,\"a\nb\nc\",x\n", "line 2 (record 1)"),
    ] {
        fails(
            tipsom().args(["classify"]).write_stdin(input),
            3,
            &[line, "3 fields"],
        );
    }
    fails(
        tipsom()
            .args(["classify"])
            .write_stdin("id,text\r\n1,a\r\n2,\"x\r\n\"\r\n3,\"never\r\n"),
        3,
        &["line 5 (record 3)", "never closed"],
    );
    // The last record opens a quote it never closes, after blank lines.
    for input in [
        "id,text\n1,a\n\n\n2,\"never closed\n",
        "id,text\r\n1,a\r\n\r\n\r\n2,\"never closed\r\n",
    ] {
        fails(
            tipsom().args(["classify"]).write_stdin(input),
            3,
            &["line 5 (record 2)", "never closed"],
        );
    }
}

#[test]
fn stray_quotes_and_quoted_line_breaks_are_not_unclosed_quotes() {
    for input in [
        "id,text\n1,he is 5'11\" tall\n",
        "id,text\n1,he is 5'11\" tall",
        "id,text\n1,\"two\nlines\"\n2,b\n",
        "id,text\n1,\"ends with a break\n\"\n",
    ] {
        tipsom()
            .args(["classify"])
            .write_stdin(input)
            .assert()
            .success();
    }
}

#[test]
fn invalid_utf8_utf16_and_xlsx_are_refused_with_advice() {
    let dir = TempDir::new().unwrap();
    let bad = write(&dir, "bad.csv", b"id,text\n1,caf\xe9\n".as_slice());
    fails(
        tipsom().args(["classify", &bad]),
        3,
        &["bad.csv", "line 2", "UTF-8"],
    );
    let utf16 = write(&dir, "u16.csv", [0xFF, 0xFE, b'i', 0, b'd', 0]);
    fails(
        tipsom().args(["classify", &utf16]),
        3,
        &["UTF-16", "CSV UTF-8"],
    );
    let xlsx = write(&dir, "book.csv", b"PK\x03\x04....".as_slice());
    fails(
        tipsom().args(["classify", &xlsx]),
        3,
        &["xlsx", "CSV UTF-8"],
    );
}

#[test]
fn oversized_records_are_refused_unless_allowed() {
    let big = format!("id,text\n1,\"{}\"\n", "word ".repeat(2_000_000));
    fails(
        tipsom().args(["classify"]).write_stdin(big.clone()),
        3,
        &["line 2", "--max-record-bytes"],
    );
    tipsom()
        .args(["classify", "--max-record-bytes", "20000000"])
        .write_stdin(big)
        .assert()
        .success();
}

#[test]
fn nul_bytes_in_text_are_read_as_space() {
    tipsom()
        .args(["classify"])
        .write_stdin(b"id,text\n1,a\0b\n".as_slice())
        .assert()
        .success();
}

#[test]
fn output_problems_are_reported() {
    let dir = TempDir::new().unwrap();
    let input = write(&dir, "in.csv", "id,text\n1,x\n");
    fails(
        tipsom().args(["classify", &input, "-o", &input]),
        2,
        &["also an input"],
    );
    let missing = dir.path().join("nope/out.csv");
    fails(
        tipsom().args(["classify", &input, "-o", missing.to_str().unwrap()]),
        5,
        &["does not exist"],
    );
    assert!(!dir.path().join("nope").exists());
}

// ------------------------------------------------------------------ model files

#[test]
fn bad_model_files_are_refused() {
    let dir = TempDir::new().unwrap();
    let good = fs::read_to_string("models/tipsom.json").unwrap();
    let cases = [
        ("empty.json", String::new(), "empty"),
        (
            "trunc.json",
            good[..good.len() / 3].to_string(),
            "ends early",
        ),
        ("notjson.json", "hello".to_string(), "not a usable"),
        (
            "shape.json",
            "{\"format\":\"tipsom-model\"}".to_string(),
            "not a usable",
        ),
        (
            "newer.json",
            good.replacen("\"format_version\": 1", "\"format_version\": 9", 1),
            "newer tipsom",
        ),
        (
            "edited.json",
            good.replacen("\"threshold\":0.5", "\"threshold\":0.7", 1),
            "checksum",
        ),
    ];
    for (name, content, fragment) in cases {
        let path = write(&dir, name, content);
        fails(
            tipsom().args(["classify", "data/sample.csv", "--model", &path]),
            4,
            &[name, fragment],
        );
    }
    fails(
        tipsom().args(["classify", "data/sample.csv", "--model", "missing.json"]),
        4,
        &["missing.json"],
    );
}

// ------------------------------------------------------------------ train / evaluate / explain / rules

/// Where a test trains its model, inside `dir`.
fn model_path(dir: &TempDir) -> String {
    dir.path().join("m.json").to_str().unwrap().to_string()
}

fn small_training_file(dir: &TempDir) -> String {
    let text = fs::read_to_string("data/cases.csv").unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    for record in reader.records().take(160) {
        writer.write_record(&record.unwrap()).unwrap();
    }
    write(dir, "small.csv", writer.into_inner().unwrap())
}

#[test]
fn train_reports_cross_validation_and_saves_a_loadable_model() {
    let dir = TempDir::new().unwrap();
    let data = small_training_file(&dir);
    let model = &model_path(&dir);
    tipsom()
        .args(["train", &data, "-o", model, "--folds", "3"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("macro-F1")
                .and(predicate::str::contains("confusion matrix"))
                .and(predicate::str::is_match(
                    r"held-out calibration error: P\(trafficking\) [01]\.\d{3}, P\(smuggling\) [01]\.\d{3}",
                )
                .unwrap()),
        );
    tipsom()
        .args(["classify", "data/sample.csv", "--model", model])
        .assert()
        .success();
    // A second run compares against the model already there.
    tipsom()
        .args(["train", &data, "-o", model, "--folds", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("The model now at"));
}

#[test]
fn train_fixes_the_regularisation_when_given_one_alpha() {
    let dir = TempDir::new().unwrap();
    let data = small_training_file(&dir);
    let model = &model_path(&dir);
    tipsom()
        .args([
            "train", &data, "-o", model, "--folds", "3", "--alphas", "0.003",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("regularisation alpha = 0.003"));
    let saved = std::fs::read_to_string(model).unwrap();
    assert!(
        saved.contains("\"alpha\":0.003"),
        "the model records the alpha"
    );
    fails(
        tipsom().args(["train", &data, "-o", model, "--alphas", "0.1,0"]),
        2,
        &["--alphas must be positive"],
    );
}

#[cfg(unix)]
#[test]
fn new_files_are_private_and_replaced_files_keep_their_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let mode = |path: &str| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (fresh, kept) = (path("fresh.csv"), path("kept.csv"));
    tipsom()
        .args(["classify", "data/sample.csv", "-o", &fresh])
        .assert()
        .success();
    assert_eq!(mode(&fresh), 0o600, "a new file: its owner's only");
    fs::write(&kept, "old").unwrap();
    fs::set_permissions(&kept, fs::Permissions::from_mode(0o640)).unwrap();
    tipsom()
        .args(["classify", "data/sample.csv", "-o", &kept])
        .assert()
        .success();
    assert_eq!(mode(&kept), 0o640, "a replaced file keeps its permissions");
    let (data, model) = (small_training_file(&dir), model_path(&dir));
    let train = || {
        tipsom()
            .args([
                "train", &data, "-o", &model, "--folds", "3", "--alphas", "0.01",
            ])
            .assert()
            .success();
    };
    train();
    assert_eq!(mode(&model), 0o600, "a new model: its owner's only");
    fs::set_permissions(&model, fs::Permissions::from_mode(0o644)).unwrap();
    train();
    assert_eq!(
        mode(&model),
        0o644,
        "a replaced model keeps its permissions"
    );
}

#[test]
fn train_writes_every_held_out_verdict_most_surprising_first() {
    let dir = TempDir::new().unwrap();
    let data = small_training_file(&dir);
    let model = dir.path().join("m.json");
    let held = dir.path().join("held.csv");
    tipsom()
        .args([
            "train",
            &data,
            "-o",
            model.to_str().unwrap(),
            "--folds",
            "3",
        ])
        .arg("--held-out")
        .arg(&held)
        .assert()
        .success();
    let nowhere = dir.path().join("no-such-folder").join("held.csv");
    let other_model = dir.path().join("other.json");
    fails(
        tipsom()
            .args(["train", &data, "-o", other_model.to_str().unwrap()])
            .arg("--held-out")
            .arg(&nowhere),
        5,
        &["does not exist", "--held-out path"],
    );
    assert!(!other_model.exists(), "nothing is trained for a bad path");
    let bytes = fs::read(&held).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "file",
            "line",
            "id",
            "label",
            "held_out_label",
            "p_trafficking",
            "p_smuggling",
            "surprise"
        ]
    );
    let records = rows(&bytes);
    assert_eq!(
        records.len(),
        160,
        "one row per case: every case is held out once"
    );
    let surprise: Vec<f64> = records.iter().map(|r| r[7].parse().unwrap()).collect();
    assert!(surprise.windows(2).all(|w| w[0] >= w[1]), "{surprise:?}");
    for r in &records {
        let (t, s): (f64, f64) = (r[5].parse().unwrap(), r[6].parse().unwrap());
        if (t - 0.5).abs() < 1e-9 || (s - 0.5).abs() < 1e-9 {
            continue; // rounded to 0.500: either side of the threshold
        }
        let expected = match (t >= 0.5, s >= 0.5) {
            (true, true) => "both",
            (true, false) => "trafficking",
            (false, true) => "smuggling",
            (false, false) => "neither",
        };
        assert_eq!(&r[4], expected, "{r:?}");
    }
}

#[test]
fn train_refuses_bad_labeled_data() {
    let dir = TempDir::new().unwrap();
    let head = "id,text,label\n";
    let unknown = write(&dir, "unknown.csv", format!("{head}1,a,traffic\n"));
    fails(
        tipsom().args(["train", &unknown]),
        3,
        &[
            "line 2",
            "unknown label",
            "trafficking, smuggling, both, neither",
        ],
    );
    // The quote swallows the label column too: the quote is what is wrong.
    let unclosed = write(
        &dir,
        "unclosed.csv",
        format!("{head}1,a,both\n2,\"never closed,both\n3,c,neither\n"),
    );
    fails(
        tipsom().args(["train", &unclosed]),
        3,
        &["line 3 (record 2)", "never closed"],
    );
    let dup = write(&dir, "dup.csv", format!("{head}1,a,both\n1,b,both\n"));
    fails(tipsom().args(["train", &dup]), 3, &["used twice", "line 2"]);
    let elements = write(&dir, "el.csv", "id,text,label,act,means,purpose,child,illegal_entry,facilitator_benefit\n1,a,both,1,1,1,0,1,yes\n");
    fails(tipsom().args(["train", &elements]), 3, &["must be 0 or 1"]);
    let one_class = write(
        &dir,
        "one.csv",
        format!(
            "{head}{}",
            (0..20)
                .map(|i| format!("{i},text {i},neither\n"))
                .collect::<String>()
        ),
    );
    fails(
        tipsom().args(["train", &one_class]),
        3,
        &["trafficking head needs"],
    );
    let few = write(&dir, "few.csv", format!("{head}1,a,both\n2,b,neither\n"));
    fails(tipsom().args(["train", &few]), 3, &["only 2 labeled cases"]);
    let empty = write(&dir, "emptytext.csv", format!("{head}1,\" \",both\n"));
    fails(tipsom().args(["train", &empty]), 3, &["text is empty"]);
    let nolabel = write(&dir, "nolabel.csv", "id,text\n1,a\n");
    fails(
        tipsom().args(["train", &nolabel]),
        3,
        &["no \"label\" column"],
    );
    fails(
        tipsom().args(["train", &small_training_file(&dir), &nolabel]),
        3,
        &["nolabel.csv"],
    );
}

#[test]
fn killed_training_never_leaves_a_broken_model() {
    let dir = TempDir::new().unwrap();
    let data = small_training_file(&dir);
    let target = dir.path().join("m.json");
    let bin = assert_cmd::cargo::cargo_bin("tipsom");
    for delay_ms in [30, 150, 400, 700, 1000, 1400, 2000] {
        fs::copy("models/tipsom.json", &target).unwrap();
        let mut child = std::process::Command::new(&bin)
            .args([
                "train",
                &data,
                "-o",
                target.to_str().unwrap(),
                "--folds",
                "3",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        // Old or new, the model at the target must always be complete and loadable.
        tipsom()
            .args(["rules", "--model", target.to_str().unwrap()])
            .assert()
            .success();
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        for leftover in leftovers {
            // A killed process cannot clean up its temporary file; it must never be the model.
            assert_ne!(leftover.path(), target);
        }
    }
}

#[test]
fn unwritable_model_target_is_an_output_error() {
    let dir = TempDir::new().unwrap();
    let data = small_training_file(&dir);
    let target = dir.path().join("no/such/dir/m.json");
    fails(
        tipsom().args([
            "train",
            &data,
            "-o",
            target.to_str().unwrap(),
            "--folds",
            "3",
        ]),
        5,
        &["does not exist"],
    );
}

#[test]
fn evaluate_prints_quality_elements_and_breakdown() {
    tipsom()
        .args(["evaluate", "data/validation.csv", "--by", "subset"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("macro-F1")
                .and(predicate::str::contains("illegal_entry"))
                .and(predicate::str::contains("by subset"))
                .and(predicate::str::contains("keyword shortcut"))
                .and(predicate::str::contains("review flag:")),
        );
    // The README's figures for the clean sets `C` and `D` come from the `set` column;
    // every group of a breakdown has a finite log-loss between 0 and the cap of one
    // confident miss.
    assert_eq!(groups("set"), ["C", "D"]);
    let styles = groups("style");
    assert!(styles.len() >= 5, "{styles:?}");
}

/// The groups of `tipsom evaluate data/validation.csv --by COLUMN`, each checked for a
/// log-loss between 0 and the cap of one confident miss.
fn groups(column: &str) -> Vec<String> {
    let out = tipsom()
        .args(["evaluate", "data/validation.csv", "--by", column])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let table: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with(&format!("by {column}")))
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    for line in &table {
        let loss: f64 = line.split_whitespace().nth(4).unwrap().parse().unwrap();
        assert!(loss > 0.0 && loss < 6.91, "{line}");
    }
    table
        .iter()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

#[test]
fn evaluate_reports_calibration_over_every_case() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("six.csv");
    std::fs::write(
        &path,
        "id,text,label\n\
         1,\"She was promised a hotel job abroad, then locked in a flat and forced to sell sex to repay a debt.\",trafficking\n\
         2,\"The men paid a smuggler 3000 euros each to take them across the border at night in a lorry.\",smuggling\n\
         3,\"A council debated the budget for road repairs.\",neither\n\
         4,\"Migrants paid a boat captain for the crossing, then were held on a farm and forced to work without pay under threat.\",both\n\
         5,\"The boy, 14, was recruited by a gang and made to beg on the streets for them.\",trafficking\n\
         6,\"He drove his cousin over the border for free.\",neither\n",
    )
    .unwrap();
    let out = tipsom()
        .args(["evaluate", path.to_str().unwrap()])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("probability"))
        .skip(1)
        .take(10)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 10, "{stdout}");
    assert_eq!(rows[0][0], "0.0-0.1");
    assert_eq!(rows[9][0], "0.9-1.0");
    for head in [1, 4] {
        let cases: usize = rows.iter().map(|r| r[head].parse::<usize>().unwrap()).sum();
        assert_eq!(
            cases, 6,
            "every case falls in one bin of each offence: {stdout}"
        );
        for row in &rows {
            for cell in &row[head + 1..head + 3] {
                if *cell != "-" {
                    let share: f64 = cell.parse().unwrap();
                    assert!((0.0..=1.0).contains(&share), "{stdout}");
                }
            }
        }
    }
    let errors = stdout
        .lines()
        .find(|l| l.starts_with("expected calibration error"))
        .expect("calibration error line");
    let values: Vec<f64> = errors
        .split([' ', ','])
        .filter_map(|w| w.parse::<f64>().ok())
        .take(2)
        .collect();
    assert_eq!(values.len(), 2, "{errors}");
    assert!(values.iter().all(|v| (0.0..=1.0).contains(v)), "{errors}");
    assert!(stdout.contains("Brier score: P(trafficking)"), "{stdout}");
}

#[test]
fn evaluate_refuses_a_file_without_cases() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("header-only.csv");
    std::fs::write(&path, "id,text,label\n").unwrap();
    tipsom()
        .args(["evaluate", path.to_str().unwrap()])
        .assert()
        .code(3)
        .stdout("")
        .stderr(
            predicate::str::contains("header-only.csv holds no labeled cases")
                .and(predicate::str::contains("Add rows")),
        );
}

#[test]
fn evaluate_escapes_control_characters_in_file_names() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("cases\u{1b}[31m.csv");
    std::fs::copy("data/validation.csv", &path).unwrap();
    let out = tipsom()
        .args(["evaluate", path.to_str().unwrap()])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(stdout.contains("cases\\u{1b}[31m.csv"), "{stdout}");
}

#[test]
fn explain_shows_elements_rules_and_model_features() {
    tipsom()
        .args(["explain", "--text", "A 15-year-old girl was recruited in her village and taken to a brothel in the capital."])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Trafficking Protocol art. 3(c)")
                .and(predicate::str::contains("\"15-year-old\""))
                .and(predicate::str::contains("What moved the model")),
        );
    let out = tipsom()
        .args([
            "explain",
            "data/sample.csv",
            "--id",
            "s01",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let value: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(value["id"], "s01");
    fails(
        tipsom().args(["explain", "data/sample.csv", "--id", "zzz"]),
        3,
        &["no case with id"],
    );
}

#[test]
fn rules_prints_definitions_indicators_and_weights() {
    tipsom().arg("rules").assert().success().stdout(
        predicate::str::contains("art. 6(3)")
            .and(predicate::str::contains("debt_bondage"))
            .and(predicate::str::contains("trafficking head")),
    );
    let out = tipsom()
        .args(["rules", "--format", "json"])
        .assert()
        .success();
    let value: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let indicators = value["indicators"].as_array().unwrap();
    assert!(indicators.len() > 20);
    let lawful = indicators
        .iter()
        .find(|f| f["family"] == "lawful_entry")
        .expect("the lawful_entry family is listed");
    assert_eq!(
        (&lawful["strong"], &lawful["against"]),
        (&false.into(), &true.into())
    );
}

#[test]
fn explain_shows_hints_against_an_element_apart_from_evidence() {
    let text = "She flew to Riyadh with her own passport and a valid work visa. \
                The employer took her passport and never paid her.";
    let out = tipsom()
        .args(["explain", "--text", text])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let against = stdout
        .lines()
        .find(|l| l.starts_with("Hints against an element"))
        .unwrap_or_else(|| panic!("no line of hints against: {stdout}"));
    assert!(
        against.contains("\"with her own passport\" (lawful entry)"),
        "{against}"
    );
    let entry = stdout
        .lines()
        .find(|l| l.contains("illegal entry or stay"))
        .unwrap();
    assert!(
        entry.contains("missing") && !entry.contains("own passport"),
        "{entry}"
    );
}

#[test]
fn every_command_has_help_with_examples() {
    for command in ["classify", "train", "explain", "rules", "evaluate"] {
        tipsom()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"));
    }
    fails(tipsom().args(["classify", "--format", "xml"]), 2, &["xml"]);
}

#[test]
fn shipped_model_is_reproduced_by_retraining() {
    let dir = TempDir::new().unwrap();
    let model = dir.path().join("again.json");
    // The regularisation strengths the shipped model was chosen from, as its file records
    // them: retraining with the same ones is the documented way to reproduce it.
    let shipped_file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("models/tipsom.json").unwrap()).unwrap();
    let alphas = shipped_file["model"]["training"]["cross_validation"]["alpha_search"]
        .as_array()
        .unwrap()
        .iter()
        .map(|tried| tried[0].as_f64().unwrap().to_string())
        .collect::<Vec<_>>()
        .join(",");
    tipsom()
        .args(["train", "data/cases.csv", "--alphas", &alphas, "-o"])
        .arg(&model)
        .assert()
        .success();
    let shipped = tipsom()
        .args(["classify", "data/validation.csv"])
        .output()
        .unwrap()
        .stdout;
    let again = tipsom()
        .args([
            "classify",
            "data/validation.csv",
            "--model",
            model.to_str().unwrap(),
        ])
        .output()
        .unwrap()
        .stdout;
    let labels = |out: &[u8]| {
        rows(out)
            .iter()
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(labels(&shipped), labels(&again));
    assert!(Path::new(&model).exists());
}

#[test]
fn jsonl_keeps_hostile_values_exact() {
    let input = "id,text\n\"=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",text\n";
    let out = tipsom()
        .args(["classify", "--format", "jsonl"])
        .write_stdin(input)
        .assert()
        .success();
    let value: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(value["id"], "=HYPERLINK(\"http://x\",\"click\")");
}

#[test]
fn training_files_with_different_columns_are_refused() {
    let dir = TempDir::new().unwrap();
    let with = small_training_file(&dir);
    let without = write(&dir, "plain.csv", "id,text,label\nz1,a text,both\n");
    fails(
        tipsom().args(["train", &with, &without]),
        3,
        &["plain.csv", "different columns"],
    );
}

#[test]
fn models_with_bad_dimensions_or_weights_are_refused() {
    use tipsom::model::{file::to_json, load, ModelSource};
    let dir = TempDir::new().unwrap();
    let mut short = load(&ModelSource::Embedded).unwrap();
    short.trafficking.weights.pop();
    let short = write(&dir, "short.json", to_json(&short).unwrap());
    fails(
        tipsom().args(["classify", "data/sample.csv", "--model", &short]),
        4,
        &["short.json", "weights for"],
    );
    for bad in [f64::NAN, f64::INFINITY] {
        let mut model = load(&ModelSource::Embedded).unwrap();
        model.smuggling.weights[3] = bad;
        let path = write(&dir, "nan.json", to_json(&model).unwrap());
        fails(
            tipsom().args(["classify", "data/sample.csv", "--model", &path]),
            4,
            &["nan.json", "not a usable"],
        );
    }
    let mut vocab = load(&ModelSource::Embedded).unwrap();
    vocab.element_heads.truncate(3);
    let path = write(&dir, "heads.json", to_json(&vocab).unwrap());
    fails(
        tipsom().args(["classify", "data/sample.csv", "--model", &path]),
        4,
        &["element heads"],
    );
}

#[test]
fn unwritable_output_path_is_an_output_error() {
    fails(
        tipsom().args(["classify", "data/sample.csv", "-o", "/sys/tipsom-out.csv"]),
        5,
        &["cannot write /sys/tipsom-out.csv"],
    );
}

#[cfg(unix)]
#[test]
fn output_to_a_device_is_written_in_place_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    tipsom()
        .args(["classify", "data/sample.csv", "-o", "/dev/null"])
        .assert()
        .success();
    let kind = std::fs::metadata("/dev/null").unwrap().file_type();
    assert!(kind.is_char_device(), "/dev/null was replaced");
}

#[test]
fn rows_are_the_same_with_one_thread_or_several() {
    let cases = concat!(env!("CARGO_MANIFEST_DIR"), "/data/cases.csv");
    let with = |threads: &str, format: &str| {
        tipsom()
            .args(["classify", cases, "--threads", threads])
            .args(["--format", format])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let one = with("1", "csv");
    assert!(
        rows(&one).len() > 200,
        "enough cases for many pieces of work"
    );
    assert_eq!(with("3", "csv"), one);
    assert_eq!(with("3", "jsonl"), with("1", "jsonl"));
}

#[test]
fn a_bad_row_after_many_good_ones_is_reported_with_its_line_whatever_the_threads() {
    let dir = TempDir::new().unwrap();
    let mut input = String::from("id,text\n");
    for i in 0..500 {
        input.push_str(&format!(
            "r{i},\"He paid a smuggler to take him across.\"\n"
        ));
    }
    input.push_str("r500,\"She was recruited\" with a promise,of work\n");
    let path = write(&dir, "bad.csv", input);
    for threads in ["1", "2"] {
        tipsom()
            .args(["classify", &path, "--threads", threads, "-o"])
            .arg(dir.path().join("out.csv"))
            .assert()
            .failure()
            .stderr(predicate::str::contains("line 502"));
        assert!(!dir.path().join("out.csv").exists(), "no output is left");
    }
}
