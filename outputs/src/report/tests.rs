//! Tests of the report: the seed meeting's content in both formats, hostile text kept
//! as text, the Markdown template's escaping discipline, and boards at both extremes.

use super::*;
use crate::sample::{large_board, seed_meeting, Play, SEED_PEOPLE};
use panneau_shared::{
    Actor, CardId, Command, Details, NewWorkshop, ParticipantId, Phase, StickerColor, ThemeId,
    Workshop,
};

const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 1600 900"><rect width="1600" height="900" fill="#eee"/></svg>"##;
const PICTURES: Pictures<'static> = Pictures {
    panel_svg: SVG,
    plan_svg: SVG,
};
const LINKS: Links<'static> = Links {
    panel_png: "panel.png",
    plan_png: "plan.png",
};

use crate::test_board as board;
use crate::{Board, Lang};

/// The page parsed as XML: the template writes well-formed markup on purpose.
fn parse(html: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(html, options)
        .unwrap_or_else(|e| panic!("the report is not well-formed: {e}"))
}

fn by_testid<'a, 'input>(
    doc: &'a roxmltree::Document<'input>,
    id: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> + 'a {
    doc.descendants()
        .filter(move |n| n.attribute("data-testid") == Some(id))
}

fn within<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    id: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> + 'a {
    node.descendants()
        .filter(move |n| n.attribute("data-testid") == Some(id))
}

/// All the text under `node`, as a reader sees it.
fn text(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

#[test]
fn the_html_report_tells_the_seed_meeting() {
    let w = seed_meeting();
    let html = report_html(board(&w), &PICTURES);
    let doc = parse(&html);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "html");
    assert_eq!(root.attribute("lang"), Some("en"));
    assert!(html.contains(r#"<meta charset="utf-8" />"#));
    assert!(html.starts_with("<!DOCTYPE html>\n") && html.ends_with("</html>\n"));
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(
        text(title),
        "The future of the Quality Made network in the Var — Workshop report"
    );

    // The heading.
    let facts: Vec<String> = by_testid(&doc, "fact").map(text).collect();
    assert_eq!(
        facts,
        [
            "DateMonday 23 March 2026",
            "Timefrom 9:30 to 13:40",
            "PlaceUne Campagne en Provence, Bras",
            "OrganiserCCI France-Italie",
            "FacilitatorAnna Conti",
        ]
    );
    assert!(text(by_testid(&doc, "question").next().unwrap()).contains("beyond the project"));

    // The attendance list: nine rows with organisation, core value and how they took part.
    let rows: Vec<_> = by_testid(&doc, "attendee").collect();
    assert_eq!(rows.len(), 9);
    for (row, (name, organisation, value)) in rows.iter().zip(SEED_PEOPLE) {
        let cells: Vec<String> = row
            .children()
            .filter(|n| n.is_element())
            .map(text)
            .collect();
        let how = if name == "Pierre Fabre" {
            "through the facilitator"
        } else {
            "on a device"
        };
        assert_eq!(cells, [name, organisation, value, how]);
    }
    let summary = text(by_testid(&doc, "attendance-summary").next().unwrap());
    assert!(
        summary.starts_with("9 people from 5 organisations."),
        "{summary}"
    );
    assert!(summary.contains("1 of them took part through the facilitator"));

    // How it ran.
    let phases: Vec<String> = by_testid(&doc, "phase").map(text).collect();
    assert_eq!(
        phases,
        [
            "Round table9:3035 min",
            "Ideas (alone)10:0515 min",
            "Pairs10:2025 min",
            "Fours10:4530 min",
            "Plenary11:151 h 55",
            "Vote13:1030 min",
        ]
    );
    let counts: Vec<String> = by_testid(&doc, "count").map(text).collect();
    assert_eq!(
        counts,
        [
            "27Ideas written",
            "18Kept after the pairs",
            "14Kept after the fours",
            "13Actions on the panel",
            "27Green stickers placed",
            "9Red stickers placed",
        ]
    );

    // The action plan: themes in panel order, actions by rank with their stickers.
    let results = w.results();
    let themes: Vec<_> = by_testid(&doc, "theme").collect();
    assert_eq!(themes.len(), results.themes.len());
    for (node, theme) in themes.iter().zip(&results.themes) {
        assert!(text(*node).trim_start().starts_with(&theme.title));
        let actions: Vec<_> = within(*node, "action").collect();
        assert_eq!(actions.len(), theme.cards.len());
        for (action, card) in actions.iter().zip(&theme.cards) {
            let rank = results
                .cards
                .iter()
                .position(|c| c.card == card.card)
                .unwrap()
                + 1;
            assert_eq!(
                action.attribute("data-rank"),
                Some(rank.to_string().as_str())
            );
            assert_eq!(
                action.attribute("data-green"),
                Some(card.green.to_string().as_str())
            );
            assert!(text(*action).contains(&card.text));
            let flagged = within(*action, "no-owner").count();
            assert_eq!(flagged, usize::from(card.no_commitment), "{}", card.text);
            if !card.no_commitment {
                let names: Vec<&str> = card
                    .committed
                    .iter()
                    .map(|id| w.participant_name(*id))
                    .collect();
                let owners = within(*action, "owners").next().unwrap();
                assert_eq!(text(owners), names.join(", "));
            }
        }
    }
    let first = by_testid(&doc, "action").next().unwrap();
    assert_eq!(first.attribute("data-rank"), Some("1"));
    assert!(text(first).contains("Claire Martin, Marc Bernard, Pierre Fabre"));
    let unowned = results.cards.iter().filter(|c| c.no_commitment).count();
    assert_eq!(by_testid(&doc, "no-owner").count(), unowned);
    assert_eq!(unowned, 7);

    // The pictures, inline.
    for id in ["panel-picture", "plan-picture"] {
        let figure = by_testid(&doc, id).next().unwrap();
        assert!(figure.descendants().any(|n| n.has_tag_name("svg")));
        assert!(figure.descendants().any(|n| n.has_tag_name("figcaption")));
    }

    // The trail: the merged stands go back to their two authors; the reworded visits
    // show their first words.
    let trails: Vec<_> = by_testid(&doc, "trail").collect();
    assert_eq!(trails.len(), 13);
    let stands = text(trails[0]);
    assert!(stands.contains("Merged from 2 ideas"), "{stands}");
    assert!(stands.contains("A shared stand at the regional food fairs"));
    assert!(stands.contains("Claire Martin (Une Campagne en Provence)"));
    assert!(stands.contains("Sharing a stand at trade shows abroad"));
    assert!(stands.contains("Thomas Girard (Le Domaine de la Blaque)"));
    assert_eq!(within(trails[0], "source").count(), 2);
    let visits = trails
        .iter()
        .map(|t| text(*t))
        .find(|t| t.contains("Exchange visits"))
        .unwrap();
    assert!(visits.contains("Written by Julien Martin"), "{visits}");
    assert!(visits.contains("first written as “Visits between members to learn from each other”"));

    // The synthesis, the next steps, the dropped ideas and the footer.
    assert!(text(by_testid(&doc, "synthesis").next().unwrap())
        .trim_start()
        .starts_with("The exchanges"));
    let steps: Vec<String> = by_testid(&doc, "next-step").map(text).collect();
    assert_eq!(steps, w.follow_ups);
    assert_eq!(steps.len(), 4);
    let dropped: Vec<String> = by_testid(&doc, "dropped").map(text).collect();
    assert_eq!(dropped.len(), w.dropped().len());
    assert_eq!(dropped.len(), 12);
    assert!(dropped.contains(
        &"A common gift box of our products — Julien Martin (Une Campagne en Provence)".into()
    ));
    assert!(dropped.iter().any(|d| d.starts_with("A shared photo bank")
        && d.contains("Merged from 2 ideas")
        && d.contains("Pierre Fabre")));
    let footer = text(by_testid(&doc, "footer").next().unwrap());
    assert_eq!(
        footer,
        "Made with Panneau from board ABC234, vote closed Monday 23 March 2026 at 13:40."
    );

    // No script: the print button is the only thing that runs.
    assert!(!html.contains("<script"));
    let handlers: Vec<_> = doc
        .descendants()
        .flat_map(|n| n.attributes().map(move |a| (n.tag_name().name(), a.name())))
        .filter(|(_, name)| name.starts_with("on"))
        .collect();
    assert_eq!(handlers, [("button", "onclick")]);
    assert!(html.contains("@page { size: A4; margin: 18mm; }"));
}

#[test]
fn the_markdown_report_tells_the_seed_meeting() {
    let w = seed_meeting();
    let md = report_markdown(board(&w), &LINKS);
    assert!(md.starts_with("# The future of the Quality Made network in the Var\n"));
    assert!(
        md.ends_with("at 13:40.\n"),
        "a text file ends its last line"
    );
    for line in [
        "- **Date:** Monday 23 March 2026",
        "- **Time:** from 9:30 to 13:40",
        "- **Place:** Une Campagne en Provence, Bras",
        "- **Organiser:** CCI France-Italie",
        "- **Facilitator:** Anna Conti",
        "9 people from 5 organisations. 1 of them took part through the facilitator, without a device.",
        "| Claire Martin | Une Campagne en Provence | Hospitality | on a device |",
        "| Pierre Fabre | La Blonde et la Brune | Local roots | *through the facilitator* |",
        "- Kept after the fours: **14**",
        "| Plenary | 11:15 | 1 h 55 |",
        "### Promotion, communication & marketing",
        "| 1 | Shared stands at fairs and trade shows, at home and abroad | 6 | Claire Martin, Marc Bernard, Pierre Fabre |",
        "| 4 | A joint website presenting every member | 3 | **No owner yet** |",
        "![The panel at the close of the vote.](panel.png)",
        "![The action plan by theme.](plan.png)",
        "**1. Shared stands at fairs and trade shows, at home and abroad**\\",
        "Merged from 2 ideas:",
        "- “A shared stand at the regional food fairs” — Claire Martin (Une Campagne en Provence)",
        "- “Sharing a stand at trade shows abroad” — Thomas Girard (Le Domaine de la Blaque)",
        "Written by Julien Martin (Une Campagne en Provence), first written as “Visits between members to learn from each other”",
        "## Synthesis",
        "## Next steps",
        "### Not kept by the pairs (8)",
        "- A common gift box of our products — Julien Martin (Une Campagne en Provence)",
        "Made with Panneau from board ABC234, vote closed Monday 23 March 2026 at 13:40.",
    ] {
        assert!(md.lines().any(|l| l == line), "missing line {line:?} in\n{md}");
    }
    for (i, step) in w.follow_ups.iter().enumerate() {
        assert!(md.contains(&format!("\n{}. {step}\n", i + 1)));
    }
    // Every action of the plan is in a table row, with the unowned ones flagged.
    let results = w.results();
    let unowned = md
        .lines()
        .filter(|l| l.ends_with("| **No owner yet** |"))
        .count();
    assert_eq!(
        unowned,
        results.cards.iter().filter(|c| c.no_commitment).count()
    );
    tables_are_whole(&md);
}

/// Whether `text[..i]` ends in an odd number of backslashes, making `text[i]` literal.
fn escaped(text: &str, i: usize) -> bool {
    text[..i].bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1
}

/// The byte offsets of `needle` in `text` that are not escaped.
fn unescaped(text: &str, needle: &str) -> Vec<usize> {
    text.match_indices(needle)
        .map(|(i, _)| i)
        .filter(|i| !escaped(text, *i))
        .collect()
}

/// Every row of every table has as many cells as its header.
fn tables_are_whole(md: &str) {
    let mut header: Option<usize> = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let pipes = unescaped(line, "|").len();
            match header {
                None => header = Some(pipes),
                Some(n) => assert_eq!(pipes, n, "a row with the wrong cells: {line}"),
            }
        } else {
            header = None;
        }
    }
}

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const LINK: &str = "](javascript:alert(1))";
const PIPES: &str = "| pipes |";
const FORMULA: &str = "=cmd|'/c calc'!A1";

/// A workshop whose every text field tries to become markup, played through the model.
fn hostile() -> Workshop {
    let all = format!("{SCRIPT} {IMG} {LINK} {PIPES}");
    let mut play = Play::new(
        &NewWorkshop {
            title: format!("{SCRIPT} {LINK} {PIPES}"),
            question: format!("{all}\n# Not a heading\n- not a list"),
            themes: vec![format!("{PIPES} {SCRIPT}"), format!("{FORMULA} {IMG}")],
            details: Details {
                place: all.clone(),
                organiser: format!("{FORMULA} *em* _u_ `tick`"),
                facilitator: IMG.into(),
                ..Details::default()
            },
            follow_ups: Some(vec![all.clone(), format!("1. {LINK}\n2) # {PIPES}")]),
            ..NewWorkshop::default()
        },
        1_000,
    );
    let people = [
        (IMG.to_string(), SCRIPT.to_string()),
        (FORMULA.to_string(), format!("{LINK} {PIPES}")),
        (format!("# {PIPES}"), format!("- {IMG}")),
    ];
    for (name, organisation) in &people {
        play.run(
            Actor::Guest,
            Command::Join {
                name: name.clone(),
                organisation: organisation.clone(),
            },
        );
    }
    let person = |i: u32| Actor::Participant {
        id: ParticipantId(i),
    };
    play.run(
        Actor::Facilitator,
        Command::SetPhase {
            phase: Phase::RoundTable,
        },
    );
    for i in 0..3 {
        play.run(
            person(i),
            Command::SetCoreValue {
                value: format!("{LINK} {PIPES} {SCRIPT}"),
            },
        );
    }
    play.run(
        Actor::Facilitator,
        Command::SetPhase {
            phase: Phase::Ideas,
        },
    );
    for i in 0..3 {
        for text in [
            format!("{FORMULA} {SCRIPT}\n# heading\n- item"),
            format!("{IMG} {LINK} {PIPES} ``` *x* _y_"),
        ] {
            play.run(
                person(i),
                Command::AddCard {
                    text,
                    x: 10.0,
                    y: 10.0,
                },
            );
        }
    }
    // Straight to the plenary: every idea reaches the panel.
    play.run(
        Actor::Facilitator,
        Command::SetPhase {
            phase: Phase::Plenary,
        },
    );
    play.run(
        Actor::Facilitator,
        Command::MergeCards {
            cards: [CardId(0), CardId(2)],
            text: format!("{LINK} merged {SCRIPT}"),
        },
    );
    play.run(
        Actor::Facilitator,
        Command::EditCard {
            card: CardId(1),
            text: format!("{PIPES} reworded {IMG}"),
        },
    );
    play.run(
        Actor::Facilitator,
        Command::WithdrawCard { card: CardId(3) },
    );
    for (card, theme) in [(6, 0), (1, 1), (4, 0)] {
        play.run(
            Actor::Facilitator,
            Command::SetCardTheme {
                card: CardId(card),
                theme: Some(ThemeId(theme)),
            },
        );
    }
    play.run(Actor::Facilitator, Command::SetPhase { phase: Phase::Vote });
    for i in 0..3 {
        play.run(
            person(i),
            Command::PlaceSticker {
                card: CardId(6),
                color: StickerColor::Green,
            },
        );
        play.run(
            person(i),
            Command::PlaceSticker {
                card: CardId(if i == 0 { 1 } else { 6 }),
                color: StickerColor::Red,
            },
        );
    }
    play.run(
        Actor::Facilitator,
        Command::SetPhase {
            phase: Phase::Results,
        },
    );
    play.run(
        Actor::Facilitator,
        Command::SetSynthesis {
            text: format!("{SCRIPT}\n# Not a heading\n- not a list\n\n{LINK}\n{PIPES}\n> quote"),
        },
    );
    play.workshop
}

#[test]
fn hostile_text_stays_text_in_html() {
    let w = hostile();
    let html = report_html(board(&w), &PICTURES);
    let doc = parse(&html);
    let tags: Vec<&str> = doc
        .descendants()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    assert!(!tags.contains(&"script"));
    assert!(!tags.contains(&"img"));
    assert!(!tags.contains(&"a"));
    let handlers: Vec<_> = doc
        .descendants()
        .flat_map(|n| n.attributes().map(|a| a.name()))
        .filter(|name| name.starts_with("on"))
        .collect();
    assert_eq!(handlers, ["onclick"]);
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
    // What people typed is shown, as they typed it.
    let page = text(doc.root_element());
    for typed in [SCRIPT, IMG, LINK, PIPES, FORMULA] {
        assert!(page.contains(typed), "{typed} is not shown");
    }
    assert_eq!(by_testid(&doc, "attendee").count(), 3);
    assert!(text(by_testid(&doc, "attendee").next().unwrap()).starts_with(IMG));
    assert!(by_testid(&doc, "trail").any(|t| text(t).contains("Merged from 2 ideas")));
    assert!(by_testid(&doc, "trail").any(|t| text(t).contains("first written as")));
    assert_eq!(by_testid(&doc, "dropped").count(), 1);
    assert_eq!(by_testid(&doc, "next-step").count(), 2);
    let synthesis = by_testid(&doc, "synthesis").next().unwrap();
    assert_eq!(
        synthesis.children().filter(|n| n.has_tag_name("p")).count(),
        2
    );
}

#[test]
fn hostile_text_stays_text_in_markdown() {
    let w = hostile();
    let md = report_markdown(board(&w), &LINKS);
    // No HTML at all: the template writes none and people's `<` are entities.
    assert!(!md.contains('<'), "{md}");
    // The only links are our two pictures.
    assert_eq!(unescaped(&md, "](").len(), 2, "{md}");
    assert_eq!(unescaped(&md, "[").len(), 2, "{md}");
    assert_eq!(unescaped(&md, "![").len(), 2, "{md}");
    // No code spans, and tables keep their columns.
    assert!(unescaped(&md, "`").is_empty(), "{md}");
    tables_are_whole(&md);
    // Headings are ours: "#" at the start of a line only before a known heading.
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings.iter().filter(|h| h.starts_with("## ")).count(),
        8,
        "{headings:#?}"
    );
    for line in md.lines() {
        for marker in [
            "# Not",
            "- not a list",
            "# heading",
            "- item",
            "> quote",
            "2) ",
        ] {
            assert!(!line.starts_with(marker), "{line:?}");
        }
    }
    // Line breaks people typed in the synthesis stay, as hard breaks, and are escaped.
    assert!(md.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt;\\\n\\# Not a heading\\\n\\- not a list\n"
    ));
    assert!(md.contains("\\](javascript:alert(1))\\\n\\| pipes \\|\\\n&gt; quote\n"));
    // The follow-ups stay one numbered list.
    assert!(md.contains("\n2. 1\\. \\](javascript:alert(1)) 2) \\# \\| pipes \\|\n"));
}

#[test]
fn the_markdown_template_escapes_every_value() {
    let template = include_str!("../../templates/report.md");
    let mut values = 0;
    for (i, _) in template.match_indices("{{") {
        let end = i + template[i..].find("}}").expect("a closed expression");
        let expression = template[i + 2..end].trim();
        assert!(
            expression.ends_with("|md") || expression.ends_with("|href"),
            "unescaped value in report.md: {{{{ {expression} }}}}"
        );
        values += 1;
    }
    assert!(values > 50);
}

#[test]
fn a_new_workshop_reports_what_little_it_has() {
    let w = Workshop::replay([&Workshop::create(
        &NewWorkshop {
            title: "Empty".into(),
            follow_ups: Some(Vec::new()),
            ..NewWorkshop::default()
        },
        1_774_252_800_000,
    )
    .unwrap()]);
    let html = report_html(
        board(&w),
        &Pictures {
            panel_svg: "",
            plan_svg: "",
        },
    );
    let doc = parse(&html);
    let facts: Vec<String> = by_testid(&doc, "fact").map(text).collect();
    assert_eq!(facts, ["DateMonday 23 March 2026"]);
    assert!(html.contains("No action reached the panel."));
    assert!(html.contains("The times of the phases were not recorded."));
    assert!(html.contains("No idea was dropped on the way."));
    assert_eq!(by_testid(&doc, "attendee").count(), 0);
    assert_eq!(by_testid(&doc, "next-step").count(), 0);
    assert!(!html.contains("<figure"));
    assert_eq!(
        text(by_testid(&doc, "footer").next().unwrap()),
        "Made with Panneau from board ABC234."
    );
    let md = report_markdown(board(&w), &LINKS);
    assert!(md.contains("0 people from 0 organisations."));
    assert!(!md.contains("## Next steps"));
    tables_are_whole(&md);
}

#[test]
fn a_large_board_reports_every_person_and_action() {
    let w = large_board();
    let started = std::time::Instant::now();
    let html = report_html(board(&w), &PICTURES);
    let html_time = started.elapsed();
    let started = std::time::Instant::now();
    let md = report_markdown(board(&w), &LINKS);
    let md_time = started.elapsed();
    // Timings are for the eye (the benchmark measures them in release mode).
    eprintln!("large board: HTML {html_time:?}, Markdown {md_time:?}");
    let doc = parse(&html);
    assert_eq!(by_testid(&doc, "attendee").count(), 500);
    assert_eq!(by_testid(&doc, "action").count(), 300);
    assert_eq!(by_testid(&doc, "trail").count(), 300);
    let ranks: Vec<usize> = by_testid(&doc, "trail")
        .map(|t| t.attribute("data-rank").unwrap().parse().unwrap())
        .collect();
    assert_eq!(ranks, (1..=300).collect::<Vec<_>>());
    assert_eq!(
        md.lines()
            .filter(|l| l.starts_with("| Participant "))
            .count(),
        500
    );
    tables_are_whole(&md);
}

#[test]
fn the_real_pictures_sit_inline_without_clashing() {
    let w = seed_meeting();
    let b = board(&w);
    let panel = crate::panel::panel_svg(b);
    let plan = crate::diagram::plan_svg(b);
    let html = report_html(
        b,
        &Pictures {
            panel_svg: &panel,
            plan_svg: &plan,
        },
    );
    let doc = parse(&html);
    for id in ["panel-picture", "plan-picture"] {
        let figure = by_testid(&doc, id).next().unwrap();
        assert!(figure.children().any(|n| n.has_tag_name("svg")), "{id}");
    }
    // Two SVGs in one page share one id space: an id used twice would draw wrongly.
    let mut ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "an id is used twice");
}

/// Every output of `workshop` in `lang`, as text (the PNGs left out: they draw the SVGs).
fn every_output(workshop: &Workshop, lang: Lang) -> Vec<(&'static str, String)> {
    let board = Board {
        workshop,
        code: "ABC234",
        lang,
    };
    let panel = crate::panel::panel_svg(board);
    let plan = crate::diagram::plan_svg(board);
    let pictures = Pictures {
        panel_svg: &panel,
        plan_svg: &plan,
    };
    let csv = String::from_utf8(crate::csv::actions_csv(board)).unwrap();
    vec![
        ("report.html", report_html(board, &pictures)),
        ("report.md", report_markdown(board, &LINKS)),
        ("actions.csv", csv),
        ("plan.svg", plan),
        ("panel.svg", panel),
    ]
}

#[test]
fn the_seed_report_reads_in_italian_and_in_french() {
    let w = seed_meeting();
    let italian = every_output(&w, Lang::It);
    assert!(italian[0].1.contains(r#"<html lang="it""#));
    let html = &text(parse(&italian[0].1).root_element());
    for expected in [
        "Rapporto di attività",
        "Elenco presenze",
        "9 partecipanti di 5 organizzazioni",
        "lunedì 23 marzo 2026",
        "dalle 9:30 alle 13:40",
        "Piano d'azione",
        "Senza responsabile",
        "Sintesi degli scambi",
        "Prossimi passi",
    ] {
        assert!(
            html.contains(expected),
            "the Italian report says {expected}"
        );
    }
    let french = every_output(&w, Lang::Fr);
    for expected in [
        "Liste de présence",
        "lundi 23 mars 2026",
        "de 9\u{a0}h\u{a0}30 à 13\u{a0}h\u{a0}40",
        "Sans porteur",
        "Prochaines étapes",
    ] {
        assert!(
            french[0].1.contains(expected),
            "the French report says {expected}"
        );
    }
    assert!(
        french[3].1.contains("Sans porteur"),
        "the French diagram too"
    );
    // No English heading is left in another language's outputs.
    for (file, text) in italian.iter().chain(&french) {
        for english in [
            "Attendance list",
            "Action plan",
            "Next steps",
            "No owner yet",
            "Monday",
            "Priority stickers",
            "Green stickers placed",
        ] {
            assert!(!text.contains(english), "{file} still says {english}");
        }
    }
}

#[test]
fn no_placeholder_is_left_in_any_language() {
    let empty = Play::new(
        &NewWorkshop {
            title: "Empty".into(),
            ..NewWorkshop::default()
        },
        0,
    )
    .workshop;
    for w in [seed_meeting(), hostile(), empty] {
        for lang in Lang::ALL {
            for (file, text) in every_output(&w, lang) {
                for hole in [
                    "{n}", "{people}", "{start}", "{end}", "{date}", "{time}", "{code}",
                ] {
                    assert!(!text.contains(hole), "{file} in {lang:?} leaves {hole}");
                }
                assert!(!text.is_empty());
            }
        }
    }
}
