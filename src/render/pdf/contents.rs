//! The cover and the contents (one linked entry per article; the page
//! number is set by the chrome on the line marked
//! [`page_number`](super::flow::VItem::Line)).

use super::builder::{Builder, Ctx};
use super::flow::VItem;
use super::fonts::Face;
use super::join_names;
use super::layout::{isolate, script::has_rtl};
use super::tags::{Role, StructTree};
use crate::model::Book;
use crate::render::view::ArticleView;

impl Builder<'_, '_, '_> {
    /// The cover page.
    pub(super) fn cover(&mut self, book: &Book) -> Vec<VItem> {
        let s = self.style;
        let c = self.colors;
        let mut out = Vec::new();
        let cx = Ctx {
            size: s.title_size * 1.5,
            leading: s.title_size * 1.75,
            face: Face::Sans,
            color: c.text,
            ..self.body_ctx()
        };
        out.push(VItem::Fixed(120.0));
        out.push(VItem::Rule {
            x0: 0.0,
            x1: self.measure,
            width: 2.0,
            color: c.accent,
        });
        out.push(VItem::Space(24.0));
        // Tagged: Sect > H1 (the title), P (the rest).
        let sect = self.tags.open(Role::Sect);
        let title = if book.meta.title.trim().is_empty() {
            self.strings.get("book_title_fallback")
        } else {
            book.meta.title.trim()
        };
        self.tagged(Role::H1, &mut out, |b, out| {
            b.push_line(&[b.span(title, Face::Sans, c.text)], &cx, out)
        });
        let title_end = out.len();
        if let Some(sub) = book
            .meta
            .subtitle
            .as_deref()
            .filter(|x| !x.trim().is_empty())
        {
            out.push(VItem::Space(10.0));
            let scx = Ctx {
                size: s.subtitle_size * 1.4,
                leading: s.subtitle_size * 1.8,
                face: Face::Italic,
                color: c.muted,
                ..cx
            };
            self.push_line(
                &[self.span(sub.trim(), Face::Italic, c.muted)],
                &scx,
                &mut out,
            );
        }
        out.push(VItem::Space(36.0));
        let mcx = Ctx {
            size: s.body_size * 1.2,
            leading: s.body_size * 1.7,
            face: Face::Serif,
            color: c.text,
            ..cx
        };
        if let Some(d) = book.meta.date.as_ref().filter(|x| !x.is_blank()) {
            let d = d.human();
            self.push_line(&[self.span(&d, Face::Serif, c.text)], &mcx, &mut out);
        }
        if !book.meta.authors.is_empty() {
            let a = join_names(&book.meta.authors);
            self.push_line(&[self.span(a, Face::Italic, c.text)], &mcx, &mut out);
        }
        if let Some(d) = book
            .meta
            .description
            .as_deref()
            .filter(|x| !x.trim().is_empty())
        {
            out.push(VItem::Space(18.0));
            let dcx = Ctx {
                size: s.body_size * 1.05,
                leading: s.body_size * 1.5,
                face: Face::Italic,
                color: c.muted,
                right: self.measure * 0.25,
                ..mcx
            };
            self.push_line(
                &[self.span(d.trim(), Face::Italic, c.muted)],
                &dcx,
                &mut out,
            );
            out.push(VItem::Space(18.0));
        }
        let n = book.articles().count();
        let sections = book.sections.iter().filter(|s| s.title.is_some()).count();
        let articles = self.strings.fill(
            if n == 1 {
                "articles_one"
            } else {
                "articles_other"
            },
            &[("n", &n.to_string())],
        );
        let count = if sections > 1 {
            self.strings.fill(
                "articles_in_sections",
                &[("articles", &articles), ("sections", &sections.to_string())],
            )
        } else {
            articles
        };
        self.push_line(&[self.span(count, Face::Serif, c.muted)], &mcx, &mut out);
        // Every other line (set) of the cover is a paragraph of its own.
        let mut last: Option<(u32, super::tags::ElemId)> = None;
        for it in &mut out[title_end..] {
            if let VItem::Line { line, para, .. } = it
                && line.tag.elem.is_none()
            {
                let id = para.map_or(u32::MAX, |p| p.id);
                let elem = match last {
                    Some((pid, e)) if pid == id => e,
                    _ => self.tags.add(Role::P),
                };
                last = Some((id, elem));
                line.tag.elem = Some(elem);
            }
        }
        self.tags.close(sect);
        out
    }

    /// The contents: section titles and one linked entry per article.
    pub(super) fn contents(&mut self, book: &Book) -> Vec<VItem> {
        let s = self.style;
        let c = self.colors;
        let mut out = Vec::new();
        let hcx = Ctx {
            size: s.heading_size(2) * 1.3,
            leading: s.heading_size(2) * 1.7,
            face: Face::Sans,
            ..self.body_ctx()
        };
        let heading = self.span(self.strings.get("contents"), Face::Sans, c.text);
        // Tagged: Sect > H1, TOC > TOCI > Link (an entry) or P (a section).
        let sect = self.tags.open(Role::Sect);
        self.tagged(Role::H1, &mut out, |b, out| {
            b.push_line(&[heading], &hcx, out)
        });
        let toc = self.tags.open(Role::TOC);
        out.push(VItem::Space(s.body_leading * 0.5));
        let mut idx = 0usize;
        for sec in &book.sections {
            if let Some(t) = sec.title.as_deref().filter(|t| !t.trim().is_empty()) {
                out.push(VItem::Space(s.body_leading * 0.8));
                let scx = Ctx {
                    size: s.heading_size(3),
                    leading: s.heading_size(3) * 1.5,
                    face: Face::Sans,
                    color: c.accent,
                    ..self.body_ctx()
                };
                self.keep_next = false;
                let toci = self.tags.open(Role::TOCI);
                self.tagged(Role::P, &mut out, |b, out| {
                    b.push_line(&[b.span(t.trim(), Face::Sans, c.accent)], &scx, out)
                });
                self.tags.close(toci);
                self.keep_next = true;
            }
            for art in &sec.articles {
                let view = ArticleView::of(art);
                let title = view.title;
                let ecx = Ctx {
                    right: 36.0,
                    ..self.body_ctx()
                };
                out.push(VItem::Space(s.body_leading * 0.35));
                let start = out.len();
                let toci = self.tags.open(Role::TOCI);
                let link = self.tags.add(Role::Link);
                self.push_line(&[self.span(title, Face::Serif, c.text)], &ecx, &mut out);
                let meta = [view.source.as_deref(), view.date.as_deref()]
                    .into_iter()
                    .flatten()
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(|x| {
                        if self.lang.rtl || has_rtl(x) {
                            isolate(x)
                        } else {
                            x.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" · ");
                let title_end = out.len();
                if !meta.is_empty() {
                    let mcx = Ctx {
                        size: s.small_size,
                        leading: s.small_size * 1.35,
                        face: Face::Italic,
                        color: c.muted,
                        ..ecx
                    };
                    self.keep_next = true;
                    self.push_line(&[self.span(meta, Face::Italic, c.muted)], &mcx, &mut out);
                }
                // Link every line of the entry; the page number goes on the
                // title's last line.
                for (k, it) in out[start..].iter_mut().enumerate() {
                    if let VItem::Line {
                        goto, break_before, ..
                    } = it
                    {
                        *goto = Some(super::flow::n32(idx));
                        if k > 0 {
                            *break_before = false;
                        }
                    }
                }
                if let Some(VItem::Line { page_number, .. }) =
                    out.get_mut(title_end.saturating_sub(1))
                {
                    *page_number = true;
                }
                StructTree::tag_lines(&mut out[start..], link);
                self.tags.close(toci);
                idx += 1;
            }
        }
        self.tags.close(toc);
        if idx == 0 {
            let p = self.tags.add(Role::P);
            let start = out.len();
            self.push_para(
                &[self.span(self.strings.get("no_articles"), Face::Italic, c.muted)],
                &self.body_ctx(),
                0.0,
                false,
                false,
                false,
                &mut out,
            );
            StructTree::tag_lines(&mut out[start..], p);
        }
        self.tags.close(sect);
        out
    }
}
