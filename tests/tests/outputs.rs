//! The outcome of the seed meeting through the real server: who may fetch which output
//! when, what the report says (checked line by line against the board), the pictures,
//! the CSV, and the JSON export imported back as a copy and as a follow-up.

use panneau_shared::protocol::Credential;
use panneau_shared::{Phase, RejectionCode, Workshop};
use panneau_tests::seed::replay_seed_meeting;
use panneau_tests::{http, http_raw, Client, CreatedWorkshop, HttpResponse, TestServer};

const OUTPUTS: [&str; 8] = [
    "report.html",
    "report.md",
    "panel.svg",
    "panel.png",
    "plan.svg",
    "plan.png",
    "actions.csv",
    "workshop.json",
];

async fn get(server: &TestServer, path: &str) -> HttpResponse {
    http_raw(server.addr, "GET", path, None)
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

fn error_code(response: &HttpResponse) -> RejectionCode {
    let error: serde_json::Value = serde_json::from_slice(&response.body).expect("a JSON error");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    serde_json::from_value(error["code"].clone()).expect("a rejection code")
}

/// HTML text back to plain text: the entities an HTML escaper writes.
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text of every element with `data-testid="{id}"`, in document order (up to the
/// next element with the same test id, tags stripped).
fn by_testid(html: &str, id: &str) -> Vec<String> {
    let marker = format!("data-testid=\"{id}\"");
    html.split(&marker)
        .skip(1)
        .map(|rest| {
            let rest = rest.split_once('>').map_or(rest, |(_, r)| r);
            let mut text = String::new();
            let mut in_tag = false;
            for ch in rest.chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' => {
                        in_tag = false;
                        text.push(' ');
                    }
                    _ if !in_tag => text.push(ch),
                    _ => {}
                }
            }
            unescape(&text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outputs_open_to_the_facilitator_then_to_everyone_when_the_vote_closes() {
    let server = TestServer::start().await;
    // A workshop just created already has a draft of every output.
    let empty = server.create_workshop("Nobody yet", "").await;
    let empty_key = server.facilitator(&empty).await.outputs_key.unwrap();
    for file in OUTPUTS {
        let path = format!("/api/boards/{}/{file}?key={empty_key}", empty.code);
        assert_eq!(get(&server, &path).await.status, 200, "{path}");
    }
    let meeting = replay_seed_meeting(&server, Some(Phase::Results)).await;
    let code = &meeting.created.code;
    let key = meeting
        .facilitator
        .outputs_key
        .clone()
        .expect("the facilitator's outputs key");
    assert_eq!(
        meeting.wall.outputs_key, None,
        "only the facilitator gets the key"
    );
    assert_eq!(meeting.people[0].outputs_key, None);
    assert_ne!(key, meeting.created.facilitator_key);

    // During the vote: a draft for the facilitator, nothing for anyone else.
    for file in OUTPUTS {
        let refused = get(&server, &format!("/api/boards/{code}/{file}")).await;
        assert_eq!(refused.status, 403, "{file}");
        assert_eq!(error_code(&refused), RejectionCode::WrongPhase);
        let draft = get(&server, &format!("/api/boards/{code}/{file}?key={key}")).await;
        assert_eq!(
            draft.status,
            200,
            "{file}: {}",
            String::from_utf8_lossy(&draft.body)
        );
        assert!(!draft.body.is_empty());
    }
    let wrong = get(
        &server,
        &format!("/api/boards/{code}/report.html?key=0123456789abcdef"),
    )
    .await;
    assert_eq!(wrong.status, 403);
    assert_eq!(error_code(&wrong), RejectionCode::NotAllowed);
    let facilitator_key = &meeting.created.facilitator_key;
    let not_that_key = get(
        &server,
        &format!("/api/boards/{code}/report.html?key={facilitator_key}"),
    )
    .await;
    assert_eq!(
        not_that_key.status, 403,
        "the facilitator key is not the outputs key"
    );
    let unknown = get(&server, "/api/boards/ZZZZZZ/report.html").await;
    assert_eq!(unknown.status, 404);
    assert_eq!(error_code(&unknown), RejectionCode::Invalid);
    let no_such_file = get(&server, &format!("/api/boards/{code}/secrets.txt")).await;
    assert_eq!(no_such_file.status, 404);

    // The vote closes: everyone with the code gets them.
    let mut facilitator = meeting.facilitator;
    facilitator.set_phase(Phase::Results).await;
    for file in OUTPUTS {
        let open = get(
            &server,
            &format!("/api/boards/{}/{file}", code.to_lowercase()),
        )
        .await;
        assert_eq!(open.status, 200, "{file}");
        assert_eq!(open.header("x-content-type-options"), Some("nosniff"));
        assert!(open
            .header("content-disposition")
            .unwrap()
            .contains(&format!("panneau-{code}-{file}")));
    }
    let png = get(&server, &format!("/api/boards/{code}/panel.png")).await;
    assert_eq!(png.header("content-type"), Some("image/png"));
    // A new sticker, a new picture: outputs follow the committed state.
    let before = get(&server, &format!("/api/boards/{code}/report.md"))
        .await
        .text();
    facilitator
        .command(panneau_shared::Command::SetSynthesis {
            text: "A later synthesis".into(),
        })
        .await
        .unwrap();
    let after = get(&server, &format!("/api/boards/{code}/report.md"))
        .await
        .text();
    assert!(!before.contains("A later synthesis") && after.contains("A later synthesis"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_reads_like_the_seed_report_with_counts_owners_trails_and_dropped_ideas() {
    let server = TestServer::start().await;
    let meeting = replay_seed_meeting(&server, None).await;
    let code = &meeting.created.code;
    let board: &Workshop = &meeting.facilitator.state;
    assert_eq!(board.phase, Phase::Results);
    let key = meeting.facilitator.outputs_key.clone().unwrap();
    // With the code alone, the report is what the wall shows: the plan, and not one of
    // the ideas dropped on the way, nor who wrote them.
    let public = get(&server, &format!("/api/boards/{code}/report.html")).await;
    assert_eq!(public.status, 200);
    let public = public.text();
    assert!(by_testid(&public, "dropped").is_empty());
    for (_, card) in board.dropped() {
        assert!(!public.contains(&card.text), "{} is not public", card.text);
    }
    // The facilitator's report has everything.
    let html = get(
        &server,
        &format!("/api/boards/{code}/report.html?key={key}"),
    )
    .await;
    assert_eq!(
        html.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = html.text();
    let text = unescape(&html);

    // The heading.
    for line in [
        board.title.as_str(),
        "Une Campagne en Provence, Bras",
        "CCI France-Italie",
        "Anna Conti",
        "23 March 2026",
    ] {
        assert!(text.contains(line), "the heading names {line}");
    }

    // The attendance list: nine people with organisation and core value; one proxy.
    let attendees = by_testid(&html, "attendee");
    assert_eq!(attendees.len(), 9, "{attendees:#?}");
    for (person, row) in board.participants.values().zip(&attendees) {
        assert!(row.contains(&person.name), "{row}");
        assert!(row.contains(&person.organisation), "{row}");
        assert!(
            !person.core_value.is_empty() && row.contains(&person.core_value),
            "{row}"
        );
    }
    assert!(text.contains("9 people") && text.contains("5 organisations"));

    // The action plan: per theme, in rank order, green counts, owners, unowned flagged.
    let results = board.results();
    let actions = by_testid(&html, "action");
    assert_eq!(actions.len(), results.cards.len(), "{actions:#?}");
    let mut next = 0;
    for theme in results.themes.iter().filter(|t| !t.cards.is_empty()) {
        for card in &theme.cards {
            let block = &actions[next];
            next += 1;
            let rank = card.rank;
            assert!(block.contains(&card.text), "{block} is {}", card.text);
            assert!(
                block.starts_with(&format!("{rank} ")),
                "{block}: rank {rank}"
            );
            assert!(
                block.contains(&card.green.to_string()),
                "{block}: {} green",
                card.green
            );
            for owner in &card.committed {
                assert!(block.contains(board.participant_name(*owner)), "{block}");
            }
        }
    }
    let unowned = results.cards.iter().filter(|c| c.no_commitment).count();
    assert!(unowned > 0);
    assert_eq!(by_testid(&html, "no-owner").len(), unowned);

    // The trail: the action merged in the plenary names both ideas and their authors.
    let merged = board
        .panel()
        .find(|c| c.origin.len() == 2 && c.created_in == Phase::Plenary)
        .expect("the merge of the plenary");
    let trail = text.split(&merged.text).last().unwrap();
    for source in board.sources(merged.id) {
        assert!(text.contains(&source.text), "{} is traced", source.text);
        for author in &source.authors {
            assert!(trail.contains(board.participant_name(*author)));
        }
    }
    let reworded = board
        .cards
        .values()
        .find(|c| c.first_text.is_some())
        .unwrap();
    assert!(
        text.contains(reworded.first_text.as_deref().unwrap()),
        "the first words of a reworded card"
    );

    // The synthesis, the next steps, and every idea dropped on the way.
    assert!(text.contains(&board.synthesis[..40]));
    let steps = by_testid(&html, "next-step");
    assert_eq!(steps.len(), board.follow_ups.len());
    for (step, question) in steps.iter().zip(&board.follow_ups) {
        assert!(step.contains(&question[..40]), "{step}");
    }
    let dropped = by_testid(&html, "dropped");
    assert_eq!(dropped.len(), board.dropped().len());
    for (_, card) in board.dropped() {
        assert!(
            dropped.iter().any(|d| d.contains(&card.text)),
            "{} is in the appendix",
            card.text
        );
    }
    assert!(!html.contains("<script"), "no script in the report");

    // The Markdown says the same, with the pictures linked by absolute address.
    let md = get(&server, &format!("/api/boards/{code}/report.md?key={key}"))
        .await
        .text();
    for person in board.participants.values() {
        assert!(
            md.contains(&person.organisation.replace('\'', "\\'"))
                || md.contains(&person.organisation)
        );
    }
    for card in &results.cards {
        let words = card.text.split_whitespace().next().unwrap();
        assert!(md.contains(words), "{}", card.text);
    }
    assert!(md.contains(&format!(
        "http://{}/api/boards/{code}/panel.png",
        server.addr
    )));
    for question in &board.follow_ups {
        assert!(md.contains(&question[..30]));
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pictures_and_data_hold_every_action() {
    let server = TestServer::start().await;
    let meeting = replay_seed_meeting(&server, None).await;
    let code = &meeting.created.code;
    let board = &meeting.facilitator.state;
    let results = board.results();

    for file in ["panel", "plan"] {
        let svg = get(&server, &format!("/api/boards/{code}/{file}.svg")).await;
        assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
        let svg = svg.text();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{file}.svg: {e}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert!(doc.descendants().all(|n| n.tag_name().name() != "script"));
        let words: String = doc
            .descendants()
            .filter(|n| n.is_text())
            .map(|n| n.text().unwrap_or(""))
            .collect::<Vec<_>>()
            .join(" ");
        for card in &results.cards {
            for word in card.text.split_whitespace().filter(|w| w.len() > 3) {
                let word = word.trim_end_matches(['…', ',']);
                assert!(
                    words.contains(word),
                    "{file}.svg lacks {word} of {}",
                    card.text
                );
            }
        }
        let size = |name: &str| -> f64 {
            root.attribute(name)
                .unwrap()
                .trim_end_matches("px")
                .parse()
                .unwrap()
        };
        let (width, height) = (size("width"), size("height"));

        // The PNG is the same picture, drawn larger for print.
        let png = get(&server, &format!("/api/boards/{code}/{file}.png")).await;
        assert_eq!(png.header("content-type"), Some("image/png"));
        let decoder = png::Decoder::new(std::io::Cursor::new(png.body));
        let mut reader = decoder.read_info().expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut pixels).expect("the PNG decodes");
        let scale = f64::from(frame.width) / width;
        assert!(
            (1.0..=2.0).contains(&scale),
            "{file}.png is drawn at {scale}×"
        );
        assert!(
            (f64::from(frame.height) - height * scale).abs() <= 1.0,
            "{file}.png keeps the picture's shape"
        );
    }

    // The CSV: a byte-order mark, then one row per action in rank order.
    let csv = get(&server, &format!("/api/boards/{code}/actions.csv"))
        .await
        .body;
    assert_eq!(&csv[..3], b"\xEF\xBB\xBF");
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), results.cards.len());
    let mut texts: Vec<&str> = rows.iter().map(|r| &r[2]).collect();
    let mut expected: Vec<&str> = results.cards.iter().map(|c| c.text.as_str()).collect();
    texts.sort_unstable();
    expected.sort_unstable();
    assert_eq!(texts, expected);
    server.stop().await;
}

async fn import(server: &TestServer, mode: &str, body: &[u8]) -> HttpResponse {
    http_raw(
        server.addr,
        "POST",
        &format!("/api/workshops/import?mode={mode}"),
        Some(body),
    )
    .await
    .unwrap()
}

fn boards_stored(server: &TestServer) -> i64 {
    let db = rusqlite::Connection::open(&server.data).unwrap();
    db.query_row("SELECT COUNT(*) FROM boards", [], |row| row.get(0))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_json_export_imports_as_a_copy_and_as_a_follow_up() {
    let server = TestServer::start().await;
    let meeting = replay_seed_meeting(&server, None).await;
    let code = &meeting.created.code;
    let key = meeting.facilitator.outputs_key.clone().unwrap();
    let export = get(
        &server,
        &format!("/api/boards/{code}/workshop.json?key={key}"),
    )
    .await;
    assert_eq!(export.header("content-type"), Some("application/json"));
    let export = export.body;

    // An exact copy: a new code and key, the same export apart from the code.
    let copy = import(&server, "copy", &export).await;
    assert_eq!(copy.status, 201, "{}", copy.text());
    let copy: CreatedWorkshop = serde_json::from_slice(&copy.body).unwrap();
    assert_ne!(&copy.code, code);
    assert_ne!(copy.facilitator_key, meeting.created.facilitator_key);
    let copy_facilitator = server.facilitator(&copy).await;
    let copy_key = copy_facilitator.outputs_key.clone().unwrap();
    let again = get(
        &server,
        &format!("/api/boards/{}/workshop.json?key={copy_key}", copy.code),
    )
    .await;
    assert_eq!(
        String::from_utf8(again.body).unwrap(),
        String::from_utf8(export.clone())
            .unwrap()
            .replace(code.as_str(), &copy.code)
    );
    assert_eq!(copy_facilitator.state, meeting.facilitator.state);

    // What anyone with the code downloads imports too (without ideas withdrawn).
    let public = get(&server, &format!("/api/boards/{code}/workshop.json"))
        .await
        .body;
    let imported = import(&server, "copy", &public).await;
    assert_eq!(imported.status, 201, "{}", imported.text());

    // A follow-up: the lobby, the same people, the plan on the panel; Claire becomes
    // herself again by joining with her name.
    let next = import(&server, "follow_up", &export).await;
    assert_eq!(next.status, 201);
    let next: CreatedWorkshop = serde_json::from_slice(&next.body).unwrap();
    let mut next_facilitator = server.facilitator(&next).await;
    assert_eq!(next_facilitator.state.phase, Phase::Lobby);
    assert_eq!(next_facilitator.state.participants.len(), 9);
    assert_eq!(
        next_facilitator.state.panel().count(),
        meeting.facilitator.state.results().cards.len()
    );
    let wall = Client::connect(server.addr, &next.code, Credential::Wall, None)
        .await
        .unwrap();
    assert_eq!(
        wall.state.panel().count(),
        next_facilitator.state.panel().count()
    );
    let claire = server
        .participant_of(&next.code, "Claire Martin", "Une Campagne en Provence")
        .await;
    assert_eq!(
        claire.me,
        panneau_shared::Actor::Participant {
            id: panneau_shared::ParticipantId(0)
        }
    );
    next_facilitator.sync_to(claire.last_seq).await;
    assert_eq!(next_facilitator.state.participants.len(), 9);

    // Bad files create nothing and say why.
    let stored = boards_stored(&server);
    let mut future: serde_json::Value = serde_json::from_slice(&export).unwrap();
    future["version"] = 2.into();
    let mut broken: serde_json::Value = serde_json::from_slice(&export).unwrap();
    broken["stickers"][0]["card"] = 9999.into();
    for (body, expected) in [
        (b"not json".to_vec(), "not a Panneau export"),
        (future.to_string().into_bytes(), "newer Panneau"),
        (broken.to_string().into_bytes(), "sticker"),
    ] {
        let refused = import(&server, "copy", &body).await;
        assert_eq!(refused.status, 400);
        assert_eq!(error_code(&refused), RejectionCode::Invalid);
        let message: serde_json::Value = serde_json::from_slice(&refused.body).unwrap();
        assert!(
            message["message"].as_str().unwrap().contains(expected),
            "{message}"
        );
    }
    let (status, _) = http(
        server.addr,
        "POST",
        "/api/workshops/import?mode=sideways",
        Some("{}"),
    )
    .await
    .unwrap();
    assert_eq!(status, 400);
    assert_eq!(boards_stored(&server), stored, "no board was created");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outputs_speak_the_workshops_language() {
    let server = TestServer::start().await;
    let body = r#"{"title": "Rete QM Var", "lang": "it"}"#;
    let (status, answer) = http(server.addr, "POST", "/api/workshops", Some(body))
        .await
        .unwrap();
    assert_eq!(status, 201, "{answer}");
    let created: CreatedWorkshop = serde_json::from_str(&answer).unwrap();
    let mut facilitator = server.facilitator(&created).await;
    assert_eq!(facilitator.state.lang, panneau_shared::Lang::It);
    assert_eq!(
        facilitator.state.themes[0].title,
        "Promozione, comunicazione e marketing"
    );
    let key = facilitator.outputs_key.clone().unwrap();
    let report = format!("/api/boards/{}/report.html?key={key}", created.code);
    let italian = get(&server, &report).await.text();
    assert!(italian.contains("Rapporto di attività") && italian.contains("Elenco presenze"));
    assert!(italian.contains(r#"<html lang="it""#));
    facilitator
        .command(panneau_shared::Command::SetLanguage {
            lang: panneau_shared::Lang::Fr,
        })
        .await
        .unwrap();
    let french = get(&server, &report).await.text();
    assert!(french.contains("Compte rendu d") && french.contains("Liste de présence"));
    assert!(
        french.contains("Promotion, communication et marketing"),
        "the default themes follow"
    );
    server.stop().await;
}
