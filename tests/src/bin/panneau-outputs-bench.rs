//! `panneau-outputs-bench`: how long each output of a workshop takes to make, behind
//! `cargo xtask bench outputs`. For the seed meeting and a large board (500 people, 300
//! actions, 2,000 stickers) it renders every output many times, in this process, and
//! prints one JSON line per board and output with the median, 95th percentile and
//! largest time, against the target. Importing an export (parse, check, build) is timed
//! the same way. With `--write DIR` it writes every output of both boards into `DIR`
//! instead, to look at them (`--lang fr` or `it` for another language).

use panneau_outputs::{csv, diagram, panel, png, report, sample, Board, Lang};
use panneau_shared::{Export, ImportMode, Workshop};
use std::time::{Duration, Instant};

/// Targets from the product's requirements.
const TEXT_TARGET: Duration = Duration::from_millis(20);
const PNG_TARGET: Duration = Duration::from_millis(150);

fn main() {
    let runs: usize = std::env::args()
        .skip_while(|a| a != "--runs")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(30);
    let write_to = std::env::args().skip_while(|a| a != "--write").nth(1);
    let lang = match std::env::args().skip_while(|a| a != "--lang").nth(1) {
        Some(tag) => Lang::negotiate([tag.as_str()]),
        None => Lang::En,
    };
    for (name, workshop) in [
        ("seed", sample::seed_meeting()),
        ("large", sample::large_board()),
    ] {
        match &write_to {
            Some(dir) => write_board(name, &workshop, lang, std::path::Path::new(dir)),
            None => bench_board(name, &workshop, runs),
        }
    }
}

/// Writes every output of `workshop` as `DIR/NAME-FILE`.
fn write_board(name: &str, workshop: &Workshop, lang: Lang, dir: &std::path::Path) {
    let board = Board {
        workshop,
        code: "SAMPLE",
        lang,
    };
    let panel_svg = panel::panel_svg(board);
    let plan_svg = diagram::plan_svg(board);
    let html = report::report_html(
        board,
        &report::Pictures {
            panel_svg: &panel_svg,
            plan_svg: &plan_svg,
        },
    );
    let links = report::Links {
        panel_png: &format!("{name}-panel.png"),
        plan_png: &format!("{name}-plan.png"),
    };
    let files: [(&str, Vec<u8>); 8] = [
        ("report.html", html.into_bytes()),
        (
            "report.md",
            report::report_markdown(board, &links).into_bytes(),
        ),
        ("panel.svg", panel_svg.into_bytes()),
        ("plan.svg", plan_svg.into_bytes()),
        ("panel.png", png::panel_png(board)),
        ("plan.png", png::plan_png(board)),
        ("actions.csv", csv::actions_csv(board)),
        (
            "workshop.json",
            panneau_outputs::export_json(board).into_bytes(),
        ),
    ];
    std::fs::create_dir_all(dir).expect("creating the output directory");
    for (file, bytes) in files {
        let path = dir.join(format!("{name}-{file}"));
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        println!("{}", path.display());
    }
}

fn bench_board(name: &str, workshop: &Workshop, runs: usize) {
    let board = Board {
        workshop,
        code: "BENCH2",
        lang: Lang::En,
    };
    let panel_svg = panel::panel_svg(board);
    let plan_svg = diagram::plan_svg(board);
    let export = panneau_outputs::export_json(board);
    let pictures = report::Pictures {
        panel_svg: &panel_svg,
        plan_svg: &plan_svg,
    };
    let links = report::Links {
        panel_png: "panel.png",
        plan_png: "plan.png",
    };
    type Job<'a> = (&'static str, Duration, Box<dyn Fn() -> usize + 'a>);
    let jobs: Vec<Job> = vec![
        (
            "report.html",
            TEXT_TARGET,
            Box::new(|| report::report_html(board, &pictures).len()),
        ),
        (
            "report.md",
            TEXT_TARGET,
            Box::new(|| report::report_markdown(board, &links).len()),
        ),
        (
            "panel.svg",
            TEXT_TARGET,
            Box::new(|| panel::panel_svg(board).len()),
        ),
        (
            "plan.svg",
            TEXT_TARGET,
            Box::new(|| diagram::plan_svg(board).len()),
        ),
        (
            "actions.csv",
            TEXT_TARGET,
            Box::new(|| csv::actions_csv(board).len()),
        ),
        (
            "workshop.json",
            TEXT_TARGET,
            Box::new(|| panneau_outputs::export_json(board).len()),
        ),
        (
            "import",
            TEXT_TARGET,
            Box::new(|| {
                let imported = Export::parse(&export)
                    .and_then(|e| e.into_workshop(ImportMode::Copy, 0))
                    .expect("the export imports");
                imported.cards.len()
            }),
        ),
        (
            "panel.png",
            PNG_TARGET,
            Box::new(|| png::panel_png(board).len()),
        ),
        (
            "plan.png",
            PNG_TARGET,
            Box::new(|| png::plan_png(board).len()),
        ),
    ];
    for (output, target, job) in jobs {
        // PNGs take longer: fewer runs keep the whole benchmark near a minute.
        let runs = if target == PNG_TARGET {
            runs.div_ceil(3)
        } else {
            runs
        };
        let bytes = job();
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(job());
                start.elapsed()
            })
            .collect();
        times.sort();
        let ms = |d: Duration| (d.as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
        let p95 = times[(times.len() * 95 / 100).min(times.len() - 1)];
        println!(
            "{}",
            serde_json::json!({
                "board": name,
                "output": output,
                "bytes": bytes,
                "runs": runs,
                "median_ms": ms(times[times.len() / 2]),
                "p95_ms": ms(p95),
                "max_ms": ms(times[times.len() - 1]),
                "target_ms": ms(target),
                "met": p95 <= target,
            })
        );
    }
}
