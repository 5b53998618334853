//! The panel of the plenary, the same on every screen: the themes' areas, the cards at
//! their logical positions — dragged with pointer events (mouse, touch, pen) or moved with
//! the arrow keys — and the stickers on them. The facilitator moves and resizes the areas.

use crate::net::{self, Live};
use leptos::prelude::*;
use panneau_shared::i18n::fill;
use panneau_shared::{card_height, TextSize};
use panneau_shared::{
    Area, CardId, Command, StickerColor, StickerId, ThemeId, AREA_MIN_HEIGHT, AREA_MIN_WIDTH,
    BOARD_HEIGHT, BOARD_WIDTH, CARD_WIDTH, UNTHEMED_AREA,
};
use wasm_bindgen::JsCast;
use web_sys::{Element, PointerEvent};

/// Live drag positions are sent at most this often (ms); the drop is always sent.
const DRAG_INTERVAL_MS: f64 = 40.0;
/// Arrow keys move a card by this many logical units (ten with Shift).
const KEY_STEP: f32 = 10.0;

/// Colours of the first themes, in theme order (then they repeat): an area's name and
/// edge, and the edge of its cards. Dark enough for text on the panel's paper (≥ 4.5:1).
const THEME_COLOURS: [&str; 6] = [
    "#1f4f9a", "#1e7a3c", "#8a4a12", "#6a2f8e", "#a3281c", "#0e6e70",
];

/// The colour of the theme at `index` among the themes.
pub fn theme_colour(index: usize) -> &'static str {
    THEME_COLOURS[index % THEME_COLOURS.len()]
}

/// Keeps the top-left corner of a card `height` tall where the whole card stays visible.
fn clamp(x: f32, y: f32, height: f32) -> (f32, f32) {
    (
        x.clamp(0.0, BOARD_WIDTH - CARD_WIDTH),
        y.clamp(0.0, (BOARD_HEIGHT - height).max(0.0)),
    )
}

/// A sticker in a person's hand during the vote: taken from their tray, or picked up
/// from a card to move it or take it back. The next card chosen receives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hand {
    Tray(StickerColor),
    Card(StickerId),
}

/// The move an arrow key asks for, in logical units (ten times further with Shift).
fn arrow_step(ev: &leptos::ev::KeyboardEvent) -> Option<(f32, f32)> {
    let step = if ev.shift_key() {
        KEY_STEP * 10.0
    } else {
        KEY_STEP
    };
    match ev.key().as_str() {
        "ArrowLeft" => Some((-step, 0.0)),
        "ArrowRight" => Some((step, 0.0)),
        "ArrowUp" => Some((0.0, -step)),
        "ArrowDown" => Some((0.0, step)),
        _ => None,
    }
}

/// Where a pointer event on a card falls on the board (the card's parent), in logical
/// units.
fn board_point(ev: &PointerEvent) -> Option<(f32, f32)> {
    let card: Element = ev.current_target()?.dyn_into().ok()?;
    point_on(&card.parent_element()?, ev)
}

/// Where a pointer event falls on the board element `board`, in logical units.
fn point_on(board: &Element, ev: &PointerEvent) -> Option<(f32, f32)> {
    let rect = board.get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return None;
    }
    let x = (f64::from(ev.client_x()) - rect.left()) / rect.width() * f64::from(BOARD_WIDTH);
    let y = (f64::from(ev.client_y()) - rect.top()) / rect.height() * f64::from(BOARD_HEIGHT);
    Some((x as f32, y as f32))
}

/// The panel: the areas of the themes and the cards placed on it (those still waiting to
/// be presented are in the [`crate::tray::Tray`]). With `interactive`, the facilitator
/// moves any card and reshapes the areas, and a participant moves their own cards.
/// With `voting`, the cards take what the person holds (see [`crate::vote`]).
#[component]
pub fn Panel(
    live: Live,
    interactive: bool,
    #[prop(optional)] voting: Option<RwSignal<Option<Hand>>>,
) -> impl IntoView {
    let words = crate::t().board();
    let card_ids = move || {
        live.with(|w| {
            w.panel()
                .filter(|c| c.placed)
                .map(|c| c.id)
                .collect::<Vec<_>>()
        })
    };
    let areas = move || {
        live.with(|w| {
            w.theme_areas()
                .into_iter()
                .enumerate()
                .map(|(index, (id, _))| (id, index))
                .collect::<Vec<_>>()
        })
    };
    let shaping = interactive && live.is_facilitator();
    // The area being moved or resized here, shown where the pointer is until released.
    let reshaping = RwSignal::new(None::<(ThemeId, Area)>);
    view! {
        <div class="board-scroll">
            <div class="board" class:readonly=!interactive data-testid="board" role="region" aria-label=words.panel>
                <div class="area unthemed" style=area_style(&UNTHEMED_AREA) data-testid="area-unthemed">
                    <span class="area-title">{words.no_theme_yet}</span>
                </div>
                <For each=areas key=|a| *a let:area>
                    <AreaView live theme=area.0 index=area.1 shaping reshaping />
                </For>
                <For each=card_ids key=|id| *id let:id>
                    <CardView live id interactive voting />
                </For>
            </div>
        </div>
    }
}

/// `left`, `top`, `width` and `height` of an area, in percent of the board.
fn area_style(a: &Area) -> String {
    format!(
        "left:{};top:{};width:{};height:{}",
        percent(a.x / BOARD_WIDTH),
        percent(a.y / BOARD_HEIGHT),
        percent(a.w / BOARD_WIDTH),
        percent(a.h / BOARD_HEIGHT)
    )
}

/// An area reshaped by a pointer from `start` (the area when the pointer went down, and
/// the point it went down at) to `(x, y)`: moved by its name, or resized by its corner;
/// kept on the board and at least the smallest area.
fn reshaped(start: (Area, f32, f32), x: f32, y: f32, resize: bool) -> Area {
    let (a, x0, y0) = start;
    let (dx, dy) = (x - x0, y - y0);
    if resize {
        Area {
            w: (a.w + dx).clamp(AREA_MIN_WIDTH, BOARD_WIDTH - a.x),
            h: (a.h + dy).clamp(AREA_MIN_HEIGHT, BOARD_HEIGHT - a.y),
            ..a
        }
    } else {
        Area {
            x: (a.x + dx).clamp(0.0, BOARD_WIDTH - a.w),
            y: (a.y + dy).clamp(0.0, BOARD_HEIGHT - a.h),
            ..a
        }
    }
}

/// One theme's area: its name along the top and, for the facilitator, handles to move it
/// (the name) and resize it (the corner), by pointer or with the arrow keys.
#[component]
fn AreaView(
    live: Live,
    theme: ThemeId,
    index: usize,
    shaping: bool,
    reshaping: RwSignal<Option<(ThemeId, Area)>>,
) -> impl IntoView {
    let words = crate::t().board();
    let stored = move || live.with(|w| w.theme_area(theme));
    let area = move || match reshaping.get() {
        Some((id, a)) if id == theme => Some(a),
        _ => stored(),
    };
    let title = move || live.with(|w| w.theme(theme).map(|t| t.title.clone()));
    let colour = theme_colour(index);
    let start = StoredValue::new(None::<(Area, f32, f32)>);
    let down = move |ev: PointerEvent| {
        let (Some(a), Some(handle)) = (
            stored(),
            ev.current_target()
                .and_then(|t| t.dyn_into::<Element>().ok()),
        ) else {
            return;
        };
        let Some(board) = handle.closest(".board").ok().flatten() else {
            return;
        };
        let Some((x, y)) = point_on(&board, &ev) else {
            return;
        };
        start.set_value(Some((a, x, y)));
        let _ = handle.set_pointer_capture(ev.pointer_id());
        ev.prevent_default();
    };
    let drag = move |resize: bool| {
        move |ev: PointerEvent| {
            let Some(origin) = start.get_value() else {
                return;
            };
            let board = ev
                .current_target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|h| h.closest(".board").ok().flatten());
            if let Some((x, y)) = board.and_then(|b| point_on(&b, &ev)) {
                reshaping.set(Some((theme, reshaped(origin, x, y, resize))));
            }
        }
    };
    let up = move |_ev: PointerEvent| {
        if start.get_value().is_none() {
            return;
        }
        start.set_value(None);
        match reshaping.get_untracked() {
            Some((id, a)) if id == theme && Some(a) != stored() => {
                net::send(Command::SetThemeArea { theme, area: a });
            }
            _ => {}
        }
        reshaping.set(None);
    };
    // The arrow keys move the area by its name, and resize it by its corner.
    let keys = move |resize: bool| {
        move |ev: leptos::ev::KeyboardEvent| {
            let (Some(a), Some((dx, dy))) = (stored(), arrow_step(&ev)) else {
                return;
            };
            ev.prevent_default();
            let moved = reshaped((a, 0.0, 0.0), dx, dy, resize);
            if moved != a {
                net::send(Command::SetThemeArea { theme, area: moved });
            }
        }
    };
    let name = move || title().unwrap_or_default();
    view! {
        <div class="area" data-testid="area" data-theme=theme.0
            style=move || area().map(|a| area_style(&a)).unwrap_or_default()
            style:border-color=colour>
            {if shaping {
                view! {
                    <span class="area-title handle" style:color=colour tabindex="0" role="button"
                        aria-label=move || fill(words.move_area, &[("theme", &name())])
                        on:pointerdown=down on:pointermove=drag(false) on:pointerup=up on:pointercancel=up
                        on:keydown=keys(false)>{name}</span>
                    <span class="area-resize" tabindex="0" role="button" data-testid="area-resize"
                        aria-label=move || fill(words.resize_area, &[("theme", &name())])
                        on:pointerdown=down on:pointermove=drag(true) on:pointerup=up on:pointercancel=up
                        on:keydown=keys(true)></span>
                }.into_any()
            } else {
                view! { <span class="area-title" style:color=colour>{name}</span> }.into_any()
            }}
        </div>
    }
}

#[component]
fn CardView(
    live: Live,
    id: CardId,
    interactive: bool,
    voting: Option<RwSignal<Option<Hand>>>,
) -> impl IntoView {
    let stored_pos = move || {
        live.workshop.with(|w| {
            w.as_ref()
                .and_then(|w| w.cards.get(&id))
                .map(|c| (c.x, c.y))
                .unwrap_or_default()
        })
    };
    let pos = move || {
        if let Some((card, x, y)) = live.local_drag.get() {
            if card == id {
                return (x, y);
            }
        }
        live.remote_drag(id).unwrap_or_else(stored_pos)
    };
    let text = Memo::new(move |_| {
        live.workshop.with(|w| {
            w.as_ref()
                .and_then(|w| w.cards.get(&id))
                .map(|c| c.text.clone())
                .unwrap_or_default()
        })
    });
    // The text's size and the card's height, as the panel's layout reckons them.
    let size = move || text.with(|t| TextSize::of(t));
    let height = move || text.with(|t| card_height(t));
    let being_dragged = move || {
        live.remote_drag(id).is_some()
            || live.local_drag.get().is_some_and(|(card, _, _)| card == id)
    };
    // The theme as a coloured edge (and its name on hover): a label would make cards
    // taller than the slots the panel lays them out in.
    let theme = move || {
        live.with(|w| {
            let theme = w.cards.get(&id)?.theme?;
            let index = w.themes.iter().position(|t| t.id == theme)?;
            Some((index, w.themes[index].title.clone()))
        })
    };
    let words = crate::t().person();
    let board_words = crate::t().board();
    let movable = move || {
        interactive
            && (live.is_facilitator()
                || live.participant().is_some_and(|me| {
                    live.with(|w| w.cards.get(&id).is_some_and(|c| c.authors.contains(&me)))
                }))
    };

    // Drag state: the grab offset inside the card, and when we last sent a position.
    let grab = StoredValue::new(None::<(f32, f32)>);
    let last_sent = StoredValue::new(0.0f64);
    // Whether this gesture was relayed to the others: then it ends with a move even back
    // where it started, so that their screens stop showing it in flight.
    let relayed = StoredValue::new(false);
    let on_down = move |ev: PointerEvent| {
        if !movable() || ev.button() != 0 {
            return;
        }
        let on_button = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|e| e.closest("button").ok().flatten().is_some());
        if on_button {
            return;
        }
        let Some((px, py)) = board_point(&ev) else {
            return;
        };
        let (x, y) = pos();
        grab.set_value(Some((px - x, py - y)));
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<Element>().ok())
        {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        ev.prevent_default();
    };
    let on_move = move |ev: PointerEvent| {
        let Some((dx, dy)) = grab.get_value() else {
            return;
        };
        let Some((px, py)) = board_point(&ev) else {
            return;
        };
        let (x, y) = clamp(px - dx, py - dy, height());
        live.local_drag.set(Some((id, x, y)));
        let now = js_sys::Date::now();
        if now - last_sent.get_value() >= DRAG_INTERVAL_MS {
            last_sent.set_value(now);
            relayed.set_value(true);
            net::drag(id, x, y);
        }
    };
    let on_up = move |_ev: PointerEvent| {
        if grab.get_value().is_none() {
            return;
        }
        grab.set_value(None);
        let was_relayed = relayed.get_value();
        relayed.set_value(false);
        match live.local_drag.get_untracked() {
            Some((card, x, y)) if card == id && (was_relayed || (x, y) != stored_pos()) => {
                net::send(Command::MoveCard { card: id, x, y });
            }
            _ => live.local_drag.set(None),
        }
    };
    let holding = move || voting.and_then(|hand| hand.get());
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if let Some(hand) = voting {
            if matches!(ev.key().as_str(), "Enter" | " ") && hand.get_untracked().is_some() {
                ev.prevent_default();
                crate::vote::drop_on(live, hand, id);
            }
            return;
        }
        let Some((dx, dy)) = arrow_step(&ev).filter(|_| movable()) else {
            return;
        };
        ev.prevent_default();
        let (x, y) = pos();
        let (x, y) = clamp(x + dx, y + dy, height());
        live.local_drag.set(Some((id, x, y)));
        net::send(Command::MoveCard { card: id, x, y });
    };

    view! {
        <article
            class="card"
            class:dragging=being_dragged
            class:movable=movable
            data-testid="card"
            data-card=id.0
            class:target=move || holding().is_some_and(|held| crate::vote::takes(live, held, id))
            class:presented=move || live.with(|w| {
                w.presenting.is_some() && w.cards.get(&id).is_some_and(|c| w.presenter_of(c) == w.presenting)
            })
            tabindex=move || if movable() || holding().is_some() { "0" } else { "-1" }
            aria-label=move || {
                let pattern = match holding() {
                    Some(Hand::Tray(_)) => board_words.put_on,
                    Some(Hand::Card(_)) => board_words.move_to,
                    None => words.card_label,
                };
                fill(pattern, &[("text", &text.get())])
            }
            on:click=move |_| {
                if let Some(hand) = voting {
                    crate::vote::drop_on(live, hand, id);
                }
            }
            title=move || theme().map(|t| t.1)
            style:border-left-color=move || theme().map(|t| theme_colour(t.0))
            class:themed=move || theme().is_some()
            class:longer=move || size() == TextSize::Longer
            style:font-size=move || format!("{:.3}cqw", size().font_cqw())
            style:min-height=move || percent(height() / BOARD_HEIGHT)
            style:left=move || percent(pos().0 / BOARD_WIDTH)
            style:top=move || percent(pos().1 / BOARD_HEIGHT)
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointercancel=on_up
            on:keydown=on_key
        >
            <p class="card-text" data-testid="card-text">{text}</p>
            {match voting {
                Some(hand) => view! { <Stickers live id hand /> }.into_any(),
                None => view! { <Stickers live id /> }.into_any(),
            }}
        </article>
    }
}

/// The dots on a card, each landing with a short animation the room can see. Your own (or
/// those of the person the facilitator acts for) are ringed: with `hand`, choosing one
/// picks it up, to move it or take it back; without, it is taken back at once. Red dots
/// are commitments and carry the person's name. The green count is written beside them
/// for the back of the room.
#[component]
pub fn Stickers(
    live: Live,
    id: CardId,
    #[prop(optional)] hand: Option<RwSignal<Option<Hand>>>,
) -> impl IntoView {
    let dots = move || {
        let mine = live.person();
        live.workshop.with(|w| {
            let Some(w) = w.as_ref() else {
                return Vec::new();
            };
            w.stickers_on(id)
                .map(|s| {
                    let owner = w
                        .participants
                        .get(&s.owner)
                        .map(|p| p.name.clone())
                        .unwrap_or_default();
                    (s.id, s.color, Some(s.owner) == mine, owner)
                })
                .collect::<Vec<_>>()
        })
    };
    let greens = move || {
        live.with(|w| {
            w.stickers_on(id)
                .filter(|s| s.color == StickerColor::Green)
                .count()
        })
    };
    let words = crate::t().person();
    let board_words = crate::t().board();
    view! {
        <div class="stickers" data-testid="stickers">
            <Show when=move || { greens() > 0 }>
                <span class="tally" aria-label=move || crate::lang().count(&board_words.greens, greens())>{greens}</span>
            </Show>
            <For each=dots key=|dot| dot.clone() let:dot>
                {
                    let (sticker, color, mine, owner) = dot;
                    let (class, label) = match color {
                        StickerColor::Green => ("dot green", words.sticker_priority.to_string()),
                        StickerColor::Red => ("dot red", fill(words.sticker_commitment, &[("name", &owner)])),
                    };
                    let hint = if hand.is_some() { words.sticker_hint_pick } else { words.sticker_hint_remove };
                    let title = if mine { fill(words.sticker_yours, &[("label", &label), ("hint", hint)]) } else { label };
                    let click = move |ev: leptos::ev::MouseEvent| match hand {
                        Some(hand) => {
                            let held = hand.get_untracked();
                            // Holding another sticker, a tap on this dot is a tap on its
                            // card, which takes it; otherwise the dot is picked up (or put
                            // down again), and the card under it must not take the tap.
                            if held.is_none() || held == Some(Hand::Card(sticker)) {
                                ev.stop_propagation();
                                hand.set((held.is_none()).then_some(Hand::Card(sticker)));
                            }
                        }
                        None => {
                            ev.stop_propagation();
                            net::act(live, Command::RemoveSticker { sticker });
                        }
                    };
                    // During the vote one's own sticker can also be dragged to another card.
                    let carry = hand.and_then(|_| use_context::<crate::carry::Carry>()).filter(|_| mine);
                    view! {
                        <button class=class class:mine=mine title=title.clone() aria-label=title
                            class:picked=move || hand.is_some_and(|h| h.get() == Some(Hand::Card(sticker)))
                            data-testid=match color { StickerColor::Green => "sticker-green", StickerColor::Red => "sticker-red" }
                            disabled=!mine
                            on:pointerdown=move |ev| if let Some(carry) = carry { carry.press(Hand::Card(sticker), &ev) }
                            on:pointermove=move |ev| if let Some(carry) = carry { carry.drag(&ev) }
                            on:pointerup=move |_| if let Some(carry) = carry { carry.release() }
                            on:pointercancel=move |_| if let Some(carry) = carry { carry.flight.set(None) }
                            on:click=move |ev| {
                                if !carry.is_some_and(|c| c.was_drag()) {
                                    click(ev);
                                }
                            }>
                        </button>
                    }
                }
            </For>
        </div>
    }
}

/// `0.4567` → `"45.67%"`. Integer formatting on purpose: formatting a float would pull
/// the float printing machinery into the bundle for this one use.
fn percent(fraction: f32) -> String {
    let hundredths = (fraction.clamp(0.0, 1.0) * 10_000.0).round() as u32;
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
}
