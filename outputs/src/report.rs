//! The report of a workshop, as a printable HTML page and as Markdown: the heading of the
//! meeting, the attendance list, how it ran, the action plan by theme with its owners, the
//! pictures, where each action came from, the synthesis, the next steps and the ideas
//! dropped on the way. It reads like the activity report the product is modelled on,
//! with what that report lacked: owners, the trail of every action and the dropped ideas.
//!
//! Both formats render one [`view::View`] with askama templates
//! (`templates/report.html`, `templates/report.md`). The HTML is escaped by askama; the
//! Markdown by our own `md` filter, which every value of its template goes through.

mod markdown;
pub(crate) mod view;

use crate::words::Words;
use crate::Board;
use askama::Template;
use view::View;

/// The two pictures, embedded in the HTML report as they are.
pub struct Pictures<'a> {
    /// The panel (`panel::panel_svg`): trusted SVG markup made by our own code.
    pub panel_svg: &'a str,
    /// The action-plan diagram (`diagram::plan_svg`): trusted SVG markup.
    pub plan_svg: &'a str,
}

/// Where the Markdown report finds its pictures: URLs relative to the Markdown file.
pub struct Links<'a> {
    /// "panel.png".
    pub panel_png: &'a str,
    /// "plan.png".
    pub plan_png: &'a str,
}

#[derive(Template)]
#[template(path = "report.html")]
struct HtmlReport<'a> {
    r: View<'a>,
    w: &'static Words,
    pictures: &'a Pictures<'a>,
}

#[derive(Template)]
#[template(path = "report.md", escape = "none")]
struct MarkdownReport<'a> {
    r: View<'a>,
    w: &'static Words,
    links: &'a Links<'a>,
}

/// The filters of the Markdown template (askama finds them by this module's name).
mod filters {
    use std::fmt::Display;

    /// Any value made inert Markdown: see [`super::markdown::escape`].
    #[askama::filter_fn]
    pub fn md(value: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::markdown::escape(&value.to_string()))
    }

    /// A link destination.
    #[askama::filter_fn]
    pub fn href(value: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::markdown::href(&value.to_string()))
    }
}

/// The report as a self-contained printable HTML page (A4), with both pictures inline.
pub fn report_html(board: Board<'_>, pictures: &Pictures<'_>) -> String {
    let r = View::of(board);
    HtmlReport {
        w: r.w,
        r,
        pictures,
    }
    .render()
    .expect("the report template only writes to a string, which cannot fail")
}

/// The report as Markdown, its pictures linked from `links`.
pub fn report_markdown(board: Board<'_>, links: &Links<'_>) -> String {
    let r = View::of(board);
    MarkdownReport { w: r.w, r, links }
        .render()
        .expect("the report template only writes to a string, which cannot fail")
}

#[cfg(test)]
mod tests;
