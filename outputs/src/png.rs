//! The pictures as PNG: an SVG drawn by resvg with the fonts built into the binary, for
//! places an SVG cannot go (chat messages, slides, mail).

use crate::text;
use crate::Board;
use resvg::{tiny_skia, usvg};

/// The panel picture's scale: a 1648-unit-wide board becomes a 3296-pixel photo, sharp
/// enough to read every card when zoomed.
pub const PANEL_SCALE: f32 = 2.0;

/// The action plan's scale, for plans of ordinary length.
pub const PLAN_SCALE: f32 = 2.0;

/// The most pixels a convenience PNG may hold (about 64 MB of pixels in memory). A plan
/// of hundreds of actions is drawn smaller rather than as a picture nobody can open.
pub const PIXEL_BUDGET: f32 = 16_000_000.0;

/// Renders `svg` at `scale` (1: one pixel per SVG unit) and encodes it as PNG.
///
/// Pure: text is drawn with the embedded Liberation Sans whatever family the SVG names,
/// and images that refer to files or data are not loaded. Fails on an SVG resvg cannot
/// read, a scale that is not positive, or a picture too large to allocate.
pub fn render_png(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(format!("the scale must be positive, not {scale}"));
    }
    let options = usvg::Options {
        font_family: text::FAMILY.to_owned(),
        fontdb: text::font_database(),
        // No file, no network, no embedded image decoding: our pictures have no images,
        // and rendering must not read anything but its input.
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("unreadable SVG: {e}"))?;
    let size = tree.size();
    let (width, height) = (
        (size.width() * scale).ceil(),
        (size.height() * scale).ceil(),
    );
    // Four bytes a pixel; beyond this the allocation itself is the failure.
    if width * height > 4.0 * PIXEL_BUDGET {
        return Err(format!("a {width}×{height} picture is too large to render"));
    }
    let mut pixmap = tiny_skia::Pixmap::new(width as u32, height as u32)
        .ok_or_else(|| format!("cannot make a {width}×{height} picture"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("cannot encode the PNG: {e}"))
}

/// The largest scale up to `wanted` at which a `width` × `height` picture stays within
/// [`PIXEL_BUDGET`].
fn fitting_scale(svg: &str, wanted: f32) -> f32 {
    let size = svg_size(svg).unwrap_or((1.0, 1.0));
    let fit = (PIXEL_BUDGET / (size.0 * size.1)).sqrt();
    wanted.min(fit)
}

/// The `width` and `height` attributes of our own SVGs' root element, without a parse.
fn svg_size(svg: &str) -> Option<(f32, f32)> {
    let root = &svg[svg.find("<svg")?..];
    let root = &root[..root.find('>')?];
    let attribute = |name: &str| -> Option<f32> {
        let start = root.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = start + root[start..].find('"')?;
        root[start..end].parse().ok()
    };
    Some((attribute("width")?, attribute("height")?))
}

/// The panel as it stood when the vote closed, as a PNG at [`PANEL_SCALE`].
pub fn panel_png(board: Board<'_>) -> Vec<u8> {
    let svg = crate::panel::panel_svg(board);
    render_png(&svg, fitting_scale(&svg, PANEL_SCALE)).expect("the panel SVG always renders")
}

/// The action-plan diagram as a PNG at [`PLAN_SCALE`], or smaller for a plan so long
/// that it would exceed [`PIXEL_BUDGET`].
pub fn plan_png(board: Board<'_>) -> Vec<u8> {
    let svg = crate::diagram::plan_svg(board);
    render_png(&svg, fitting_scale(&svg, PLAN_SCALE)).expect("the plan SVG always renders")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{large_board, seed_meeting};
    use crate::Lang;
    use tiny_skia::Pixmap;

    /// Pixels clearly darker than the paper: what text and outlines leave.
    fn dark_pixels(pixmap: &Pixmap) -> usize {
        pixmap
            .pixels()
            .iter()
            .filter(|p| p.alpha() > 200 && u32::from(p.red()) + u32::from(p.green()) < 160)
            .count()
    }

    #[test]
    fn text_is_drawn_with_the_embedded_font() {
        // Only text, in a family no machine has and in the generic one: with no font,
        // resvg would silently draw nothing.
        for family in [
            "'Liberation Sans', Arial, sans-serif",
            "Nonexistent",
            "serif",
        ] {
            let svg = format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">
                <rect width="200" height="60" fill="#fff"/>
                <text x="10" y="40" font-family="{family}" font-size="30" fill="#000">Hello</text>
                </svg>"##
            );
            let png = render_png(&svg, 1.0).unwrap();
            let pixmap = Pixmap::decode_png(&png).unwrap();
            assert_eq!((pixmap.width(), pixmap.height()), (200, 60));
            assert!(dark_pixels(&pixmap) > 200, "{family}: no text drawn");
        }
        // Bold is a different face, so it blackens more.
        let draw = |weight: &str| {
            let svg = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">
                <text x="10" y="40" font-weight="{weight}" font-size="30">Hello</text></svg>"#
            );
            dark_pixels(&Pixmap::decode_png(&render_png(&svg, 1.0).unwrap()).unwrap())
        };
        assert!(draw("700") > draw("400") + 50);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(render_png("not svg", 1.0).is_err());
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
        assert!(render_png(svg, 0.0).is_err());
        assert!(render_png(svg, f32::NAN).is_err());
        assert!(render_png(svg, 100_000.0).is_err());
        assert!(render_png(svg, 3.0).is_ok());
    }

    #[test]
    fn files_are_not_read() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
            width="10" height="10"><image width="10" height="10" xlink:href="/etc/hostname"/></svg>"#;
        let pixmap = Pixmap::decode_png(&render_png(svg, 1.0).unwrap()).unwrap();
        assert!(pixmap.pixels().iter().all(|p| p.alpha() == 0));
    }

    #[test]
    fn the_seed_pictures_decode_at_their_size_with_text() {
        let w = seed_meeting();
        let board = Board {
            workshop: &w,
            code: "ABC234",
            lang: Lang::En,
        };
        for (svg, png) in [
            (crate::panel::panel_svg(board), panel_png(board)),
            (crate::diagram::plan_svg(board), plan_png(board)),
        ] {
            let (width, height) = svg_size(&svg).unwrap();
            let pixmap = Pixmap::decode_png(&png).unwrap();
            assert_eq!(pixmap.width(), (width * 2.0).ceil() as u32);
            assert_eq!(pixmap.height(), (height * 2.0).ceil() as u32);
            assert!(dark_pixels(&pixmap) > 10_000);
        }
    }

    #[test]
    fn the_large_board_renders_within_the_budget() {
        let w = large_board();
        let board = Board {
            workshop: &w,
            code: "ABC234",
            lang: Lang::En,
        };
        for png in [panel_png(board), plan_png(board)] {
            let pixmap = Pixmap::decode_png(&png).unwrap();
            let pixels = pixmap.width() as f32 * pixmap.height() as f32;
            assert!(pixels <= PIXEL_BUDGET * 1.01, "{pixels}");
            assert!(dark_pixels(&pixmap) > 10_000);
        }
    }
}

#[cfg(test)]
mod throwaway_look {
    use super::*;
    fn crop(svg: &str, x: f32, y: f32, w: f32, h: f32, scale: f32) -> Vec<u8> {
        let start = svg.find('>').unwrap();
        let rest = &svg[start..];
        let head = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="{x} {y} {w} {h}" font-family="'Liberation Sans', Arial, Helvetica, sans-serif""#
        );
        render_png(&format!("{head}{rest}"), scale).unwrap()
    }
    #[test]
    fn write_pictures_for_a_look() {
        let w = crate::sample::seed_meeting();
        let board = Board {
            workshop: &w,
            code: "ABC234",
            lang: crate::Lang::En,
        };
        std::fs::write("/tmp/panneau-panel.svg", crate::panel::panel_svg(board)).unwrap();
        std::fs::write("/tmp/panneau-plan.svg", crate::diagram::plan_svg(board)).unwrap();
        std::fs::write("/tmp/panneau-panel.png", panel_png(board)).unwrap();
        std::fs::write("/tmp/panneau-plan.png", plan_png(board)).unwrap();
        let svg = crate::panel::panel_svg(board);
        std::fs::write(
            "/tmp/crop-panel.png",
            crop(&svg, -24.0, -96.0, 700.0, 380.0, 2.0),
        )
        .unwrap();
        let svg = crate::diagram::plan_svg(board);
        std::fs::write(
            "/tmp/crop-plan.png",
            crop(&svg, 0.0, 0.0, 1200.0, 700.0, 1.5),
        )
        .unwrap();
        std::fs::write(
            "/tmp/crop-plan2.png",
            crop(&svg, 500.0, 500.0, 700.0, 600.0, 2.0),
        )
        .unwrap();
        let w = crate::sample::large_board();
        let board = Board {
            workshop: &w,
            code: "ABC234",
            lang: crate::Lang::En,
        };
        std::fs::write("/tmp/panneau-large-panel.png", panel_png(board)).unwrap();
        std::fs::write("/tmp/panneau-large-plan.png", plan_png(board)).unwrap();
        let svg = crate::diagram::plan_svg(board);
        let (_, h) = svg_size(&svg).unwrap();
        std::fs::write(
            "/tmp/crop-large-top.png",
            crop(&svg, 0.0, 0.0, 1200.0, 1500.0, 1.0),
        )
        .unwrap();
        std::fs::write(
            "/tmp/crop-large-mid.png",
            crop(&svg, 0.0, h / 2.0 - 700.0, 1200.0, 1400.0, 1.0),
        )
        .unwrap();
        std::fs::write(
            "/tmp/crop-large-end.png",
            crop(&svg, 0.0, h - 1400.0, 1200.0, 1400.0, 1.0),
        )
        .unwrap();
        let w = crate::text::test_support::hostile_workshop();
        let board = Board {
            workshop: &w,
            code: "ABC234",
            lang: crate::Lang::En,
        };
        std::fs::write("/tmp/panneau-hostile-plan.png", plan_png(board)).unwrap();
        std::fs::write("/tmp/panneau-hostile-panel.png", panel_png(board)).unwrap();
    }
}

#[cfg(test)]
mod throwaway_timing {
    use super::*;
    #[test]
    fn time_the_large_board() {
        let w = crate::sample::large_board();
        let board = Board {
            workshop: &w,
            code: "ABC234",
            lang: crate::Lang::En,
        };
        for _ in 0..3 {
            let t = std::time::Instant::now();
            let panel = crate::panel::panel_svg(board);
            let t_panel = t.elapsed();
            let t = std::time::Instant::now();
            let plan = crate::diagram::plan_svg(board);
            let t_plan = t.elapsed();
            let t = std::time::Instant::now();
            let p1 = panel_png(board);
            let t_ppng = t.elapsed();
            let t = std::time::Instant::now();
            let p2 = plan_png(board);
            let t_lpng = t.elapsed();
            let t = std::time::Instant::now();
            let _ = w.results();
            let t_results = t.elapsed();
            println!("panel svg {t_panel:?} ({} B), plan svg {t_plan:?} ({} B), panel png {t_ppng:?} ({} B), plan png {t_lpng:?} ({} B), results {t_results:?}", panel.len(), plan.len(), p1.len(), p2.len());
        }
        let w = crate::sample::seed_meeting();
        let board = Board {
            workshop: &w,
            code: "ABC234",
            lang: crate::Lang::En,
        };
        let t = std::time::Instant::now();
        let _ = panel_png(board);
        let a = t.elapsed();
        let t = std::time::Instant::now();
        let _ = plan_png(board);
        println!("seed: panel png {a:?}, plan png {:?}", t.elapsed());
    }
}
