//! A sticker carried by the pointer during the vote: pressed in the tray (or on one of
//! one's own stickers on a card), dragged, and let go over a card, which takes it as a tap
//! there would. A press that does not travel stays a tap, so taking a sticker then
//! choosing a card (and the keyboard path) work as before.

use crate::board::Hand;
use crate::net::Live;
use leptos::prelude::*;
use panneau_shared::{CardId, StickerColor};
use wasm_bindgen::JsCast;
use web_sys::{Element, PointerEvent};

/// How far (CSS pixels) a press must travel to be a drag rather than a tap.
const DRAG_AFTER_PX: f64 = 8.0;

/// A sticker on its way: what it is, where the pointer is (viewport pixels) and where the
/// press began.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flight {
    pub held: Hand,
    pub x: f64,
    pub y: f64,
    from: (f64, f64),
    /// Whether it has travelled far enough to be a drag.
    pub away: bool,
}

/// The vote's drag of stickers, shared (as a context) by the tray and the stickers on the
/// cards.
#[derive(Clone, Copy)]
pub struct Carry {
    live: Live,
    hand: RwSignal<Option<Hand>>,
    pub flight: RwSignal<Option<Flight>>,
    /// Set when a drag ends, so that the click the browser sends after it is not a tap.
    dropped: StoredValue<bool>,
}

impl Carry {
    pub fn new(live: Live, hand: RwSignal<Option<Hand>>) -> Carry {
        Carry {
            live,
            hand,
            flight: RwSignal::new(None),
            dropped: StoredValue::new(false),
        }
    }

    /// A press on a sticker that may be carried.
    pub fn press(self, held: Hand, ev: &PointerEvent) {
        if ev.button() != 0 {
            return;
        }
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<Element>().ok())
        {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        self.flight.set(Some(Flight {
            held,
            x,
            y,
            from: (x, y),
            away: false,
        }));
    }

    pub fn drag(self, ev: &PointerEvent) {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        self.flight.update(|flight| {
            if let Some(f) = flight {
                f.x = x;
                f.y = y;
                f.away |= (x - f.from.0).hypot(y - f.from.1) > DRAG_AFTER_PX;
            }
        });
    }

    /// Lets go: over a card, it takes the sticker; anywhere else the sticker stays where it
    /// was.
    pub fn release(self) {
        let Some(flight) = self.flight.get_untracked() else {
            return;
        };
        self.flight.set(None);
        if !flight.away {
            return;
        }
        self.dropped.set_value(true);
        if let Some(card) = card_at(flight.x, flight.y) {
            self.hand.set(Some(flight.held));
            crate::vote::drop_on(self.live, self.hand, card);
        }
    }

    /// Whether the click arriving now ends a drag (and is no tap).
    pub fn was_drag(self) -> bool {
        let dropped = self.dropped.get_value();
        self.dropped.set_value(false);
        dropped
    }

    /// The colour of what is carried, for the dot that follows the pointer.
    pub fn colour(self, held: Hand) -> Option<StickerColor> {
        match held {
            Hand::Tray(color) => Some(color),
            Hand::Card(sticker) => self
                .live
                .with(|w| w.stickers.get(&sticker).map(|s| s.color)),
        }
    }
}

/// The panel card under a point of the viewport, if any.
fn card_at(x: f64, y: f64) -> Option<CardId> {
    let document = web_sys::window()?.document()?;
    let el = document.element_from_point(x as f32, y as f32)?;
    let card = el
        .closest("[data-testid=board] [data-testid=card]")
        .ok()??;
    card.get_attribute("data-card")?.parse().ok().map(CardId)
}

/// The dot that follows the pointer while a sticker is dragged.
#[component]
pub fn FlyingSticker(carry: Carry) -> impl IntoView {
    move || {
        let flight = carry.flight.get().filter(|f| f.away)?;
        let class = match carry.colour(flight.held)? {
            StickerColor::Green => "dot flying green",
            StickerColor::Red => "dot flying red",
        };
        Some(view! {
            <span class=class aria-hidden="true"
                style:left=format!("{}px", flight.x) style:top=format!("{}px", flight.y)></span>
        })
    }
}
