//! Hostile text wherever a user can type it — the title, the details, a theme, a name, an
//! organisation, a core value, a card, the synthesis — comes out of every output as text:
//! no markup, no link, no table cell and no spreadsheet formula is injected.

use panneau_shared::{Command, Phase, StickerColor};
use panneau_tests::{http, http_raw, TestServer};

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const LINK: &str = "](javascript:alert(1))";
const PIPES: &str = "| pipes |";
const FORMULA: &str = "=cmd|'/c calc'!A1";

fn hostile(label: &str) -> String {
    format!("{label} {SCRIPT} {IMG} {LINK} {PIPES}")
}

/// For fields of 60 or 80 characters: a name, an organisation, a theme.
fn short(label: &str) -> String {
    format!("{label}{SCRIPT}{LINK}")
}

fn short_markup(label: &str) -> String {
    format!("{label}{IMG}{PIPES}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_is_shown_as_text_in_every_output() {
    let server = TestServer::start().await;
    let body = serde_json::json!({
        "title": hostile("Title"),
        "question": hostile("Question"),
        "themes": [short("Theme"), short_markup("Other theme")],
        "details": {"place": hostile("Place"), "organiser": FORMULA, "facilitator": hostile("Fac")},
        "follow_ups": [hostile("Next")],
    })
    .to_string();
    let (status, answer) = http(server.addr, "POST", "/api/workshops", Some(&body))
        .await
        .unwrap();
    assert_eq!(status, 201, "{answer}");
    let created: panneau_tests::CreatedWorkshop = serde_json::from_str(&answer).unwrap();
    let code = created.code.clone();
    let mut fac = server.facilitator(&created).await;
    let mut ana = server
        .participant_of(&code, &short("Ana"), &short_markup("Org"))
        .await;
    let mut formula = server.participant_of(&code, FORMULA, FORMULA).await;
    fac.set_phase(Phase::RoundTable).await;
    ana.command(Command::SetCoreValue {
        value: hostile("Value"),
    })
    .await
    .unwrap();
    formula
        .command(Command::SetCoreValue {
            value: FORMULA.into(),
        })
        .await
        .unwrap();
    fac.set_phase(Phase::Ideas).await;
    for text in [hostile("Idea"), FORMULA.to_string()] {
        ana.command(Command::AddCard {
            text,
            x: 10.0,
            y: 10.0,
        })
        .await
        .unwrap();
    }
    formula
        .command(Command::AddCard {
            text: "@SUM(1+1)*cmd|' /C calc'!A0".into(),
            x: 300.0,
            y: 10.0,
        })
        .await
        .unwrap();
    fac.set_phase(Phase::Plenary).await;
    let panel: Vec<_> = fac.state.panel().map(|c| c.id).collect();
    let theme = fac.state.themes[0].id;
    for card in &panel {
        fac.command(Command::SetCardTheme {
            card: *card,
            theme: Some(theme),
        })
        .await
        .unwrap();
    }
    fac.set_phase(Phase::Vote).await;
    ana.command(Command::PlaceSticker {
        card: panel[0],
        color: StickerColor::Red,
    })
    .await
    .unwrap();
    fac.set_phase(Phase::Results).await;
    fac.command(Command::SetSynthesis {
        text: hostile("Synthesis"),
    })
    .await
    .unwrap();

    let get = |file: &str| {
        let path = format!("/api/boards/{code}/{file}");
        async move {
            let response = http_raw(server.addr, "GET", &path, None).await.unwrap();
            assert_eq!(response.status, 200, "{path}");
            response
        }
    };

    // HTML: every hostile string escaped; the only markup is the report's own.
    let html = get("report.html").await.text();
    for raw in [SCRIPT, IMG, "<script", "<img", "javascript:alert(1))\">"] {
        assert!(!html.contains(raw), "report.html lets {raw} through");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    for label in [
        "Title",
        "Place",
        "Theme",
        "Ana",
        "Org",
        "Value",
        "Idea",
        "Synthesis",
        "Next",
    ] {
        assert!(html.contains(label), "report.html shows the {label}");
    }

    // Markdown: no raw HTML, no link, and every table row keeps its columns.
    let md = get("report.md").await.text();
    assert!(!md.contains("<script") && !md.contains("<img"), "{md}");
    // `\](` is an escaped bracket, inert; `](` unescaped would close a link.
    assert!(
        md.match_indices("](javascript:")
            .all(|(at, _)| md[..at].ends_with('\\')),
        "a link was injected"
    );
    let mut tables = 0;
    let mut columns = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let count = line.replace("\\|", "").matches('|').count();
        match columns {
            None => {
                tables += 1;
                columns = Some(count);
            }
            Some(expected) => assert_eq!(count, expected, "a pipe broke a table row: {line}"),
        }
    }
    assert!(tables >= 2, "the report has tables");

    // SVG: well-formed, no script element, the text as text.
    for file in ["panel.svg", "plan.svg"] {
        let svg = get(file).await.text();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(doc
            .descendants()
            .all(|n| !matches!(n.tag_name().name(), "script" | "img" | "foreignObject")));
        // Text may sit in a label; it must never become a handler or a link.
        let dangerous = |a: &roxmltree::Attribute| {
            let link = matches!(a.name(), "href" | "src") && a.value().contains("javascript:");
            a.name().starts_with("on") || link
        };
        assert!(doc
            .descendants()
            .all(|n| !n.attributes().any(|a| dangerous(&a))));
        let text: String = doc
            .descendants()
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains("<script>alert(1)"), "{file} shows the text");
    }

    // CSV: formulas defused, the hostile text kept as text.
    let csv = get("actions.csv").await.body;
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let cells: Vec<String> = reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    assert!(cells.iter().any(|c| c.contains(SCRIPT)));
    for cell in &cells {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a spreadsheet would run {cell}"
        );
    }
    assert!(cells.iter().any(|c| c == &format!("'{FORMULA}")));

    // JSON: the text as it was typed.
    let json: serde_json::Value = serde_json::from_slice(&get("workshop.json").await.body).unwrap();
    assert_eq!(json["synthesis"], hostile("Synthesis"));
    server.stop().await;
}
