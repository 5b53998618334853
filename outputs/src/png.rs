//! The pictures as PNG: an SVG drawn by resvg with the fonts built into the binary, for
//! places an SVG cannot go (chat messages, slides, mail).
//!
//! One render runs on one core: the server runs renders beside live boards and bounds how
//! many run at once, so a picture never takes more of the machine than its slot.

use crate::text;
use crate::Board;
use resvg::{tiny_skia, usvg};

/// The panel picture's scale: the 1648-unit-wide picture becomes 2,472 pixels, the
/// width of an A4 page at 300 dots per inch.
pub const PANEL_SCALE: f32 = 1.5;

/// The action plan's scale, for plans of ordinary length: its 1,200 units become 2,400
/// pixels, an A4 page's width at 300 dots per inch.
pub const PLAN_SCALE: f32 = 2.0;

/// The most pixels a convenience PNG may hold. A plan of hundreds of actions is drawn
/// smaller rather than as a picture too slow to make and too heavy to send.
pub const PIXEL_BUDGET: f32 = 8_000_000.0;

/// The most pixels [`render_png`] allocates (200 MB of pixels).
const MAX_PIXELS: f32 = 50_000_000.0;

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
    // Whole pixels, and the picture stretched to fill them exactly (by less than a pixel):
    // a half-covered last row or column would be half transparent.
    let (width, height) = (
        (size.width() * scale).round().max(1.0),
        (size.height() * scale).round().max(1.0),
    );
    // Four bytes a pixel; beyond this the allocation itself is the failure.
    if width * height > MAX_PIXELS {
        return Err(format!("a {width}×{height} picture is too large to render"));
    }
    let mut pixmap = tiny_skia::Pixmap::new(width as u32, height as u32)
        .ok_or_else(|| format!("cannot make a {width}×{height} picture"))?;
    let transform = tiny_skia::Transform::from_scale(width / size.width(), height / size.height());
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    encode(&pixmap)
}

/// PNG with the `png` crate at its fast setting (fdeflate, made for PNG): tiny-skia's
/// own encoder deflates at zlib's default level, which took most of a picture's time for
/// files hardly smaller. An opaque picture, as ours are, is written without its alpha.
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == 255);
    let (color, data): (png::ColorType, std::borrow::Cow<[u8]>) = if opaque {
        let rgb = pixmap
            .data()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        (png::ColorType::Rgb, std::borrow::Cow::Owned(rgb))
    } else {
        // PNG stores straight alpha; the pixmap holds premultiplied colours.
        let straight = pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect();
        (png::ColorType::Rgba, std::borrow::Cow::Owned(straight))
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let fail = |e: png::EncodingError| format!("cannot encode the PNG: {e}");
    let mut writer = encoder.write_header().map_err(fail)?;
    writer.write_image_data(&data).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(out)
}

/// The largest scale up to `wanted` at which the picture stays within [`PIXEL_BUDGET`].
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
    render_own(&crate::panel::panel_svg(board), PANEL_SCALE)
}

/// The action-plan diagram as a PNG at [`PLAN_SCALE`], with the best
/// [`crate::diagram::PICTURE_ACTIONS_PER_THEME`] actions of each theme (the others are
/// counted): a picture to show, legible on a slide.
pub fn plan_png(board: Board<'_>) -> Vec<u8> {
    let svg = crate::diagram::plan_svg_showing(board, crate::diagram::PICTURE_ACTIONS_PER_THEME);
    render_own(&svg, PLAN_SCALE)
}

fn render_own(svg: &str, scale: f32) -> Vec<u8> {
    render_png(svg, fitting_scale(svg, scale)).expect("our own SVGs always render")
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
            let scale = pixmap.width() as f32 / width;
            assert!(scale == PANEL_SCALE || scale == PLAN_SCALE, "{scale}");
            assert_eq!(pixmap.height(), (height * scale).round() as u32);
            // Opaque to the last row and column.
            assert!(pixmap.pixels().iter().all(|p| p.alpha() == 255));
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
            assert!(pixmap.pixels().iter().all(|p| p.alpha() == 255));
            assert!(dark_pixels(&pixmap) > 10_000);
        }
    }
}
