//! One article's layout: the header from its
//! [`ArticleView`](crate::render::view::ArticleView) (title, standfirst,
//! byline · dateline · source · date, URL), a rule, the body blocks and the
//! credits.

use super::builder::{Builder, Ctx};
use super::flow::{Mark, VItem};
use super::fonts::Face;
use super::layout::{Lang, Span, isolate, script::has_rtl};
use super::tags::Role;
use crate::model::Block;
use crate::render::view::ArticleView;
use std::sync::Arc;

impl Builder<'_, '_, '_> {
    /// One article: header, rule, body.
    pub(super) fn article(&mut self, i: usize, art: &crate::model::Article, out: &mut Vec<VItem>) {
        self.article = i;
        // The article's language (hyphenation, direction), else the book's.
        self.lang = article_lang(art, self.book_lang);
        let s = self.style;
        let c = self.colors;
        let doc = &art.doc;
        // The header's words (byline, date) from the theme's strings.
        let strings = doc
            .meta
            .language
            .as_deref()
            .and_then(crate::model::language_tag)
            .and_then(|l| self.article_strings.get(&l))
            .unwrap_or(self.strings);
        let m = ArticleView::localized(art, strings);
        let title = m.title.as_str();
        let tcx = Ctx {
            size: s.title_size,
            leading: s.title_size * 1.2,
            face: Face::Sans,
            ..self.body_ctx()
        };
        self.keep_next = false;
        // Tagged: Art (with the article's language) > H1, P, ...
        let art_elem = self.tags.open(Role::Art);
        if let Some(l) = doc
            .meta
            .language
            .as_deref()
            .and_then(crate::model::language_tag)
        {
            self.tags.set_lang(art_elem, &l);
        }
        self.heading_depth = 1;
        self.tagged(Role::H1, out, |b, out| {
            b.push_line(&[b.span(title.trim(), Face::Sans, c.text)], &tcx, out)
        });
        if let Some(sub) = m.subtitle.as_deref() {
            out.push(VItem::Space(s.body_leading * 0.4));
            let scx = Ctx {
                size: s.subtitle_size,
                leading: s.subtitle_size * 1.35,
                face: Face::Italic,
                color: c.muted,
                ..self.body_ctx()
            };
            self.keep_next = true;
            self.tagged(Role::P, out, |b, out| {
                b.push_para(
                    &[b.span(sub.trim(), Face::Italic, c.muted)],
                    &scx,
                    0.0,
                    false,
                    true,
                    false,
                    out,
                )
            });
        }
        let mut meta_line = Vec::new();
        // Names, places and dates of either direction side by side: each
        // part reads in its own direction (bidi isolates).
        let bidi = self.lang.rtl
            || [
                m.by_line.as_deref(),
                m.dateline.as_deref(),
                m.source.as_deref(),
            ]
            .into_iter()
            .flatten()
            .any(has_rtl);
        let iso = |t: &str| if bidi { isolate(t) } else { t.to_string() };
        if let Some(by) = &m.by_line {
            meta_line.push(iso(by));
        }
        for x in [
            m.dateline.as_deref(),
            m.source.as_deref(),
            m.date.as_deref(),
        ]
        .into_iter()
        .flatten()
        {
            if !x.trim().is_empty() {
                meta_line.push(iso(x.trim()));
            }
        }
        let mcx = Ctx {
            size: s.small_size + 0.5,
            leading: (s.small_size + 0.5) * 1.4,
            face: Face::Serif,
            color: c.muted,
            ..self.body_ctx()
        };
        if !meta_line.is_empty() {
            out.push(VItem::Space(s.body_leading * 0.5));
            self.keep_next = true;
            self.tagged(Role::P, out, |b, out| {
                b.push_line(
                    &[b.span(meta_line.join(" · "), Face::Serif, c.muted)],
                    &mcx,
                    out,
                )
            });
        }
        if let Some(url) = m.url.as_deref() {
            self.keep_next = true;
            let sp = Span {
                text: url.to_string().into(),
                face: Face::Italic,
                link: Some(Arc::from(url)),
                color: c.link,
                strike: false,
            };
            self.tagged(Role::P, out, |b, out| b.push_line(&[sp], &mcx, out));
        }
        out.push(VItem::Space(s.body_leading * 0.5));
        out.push(VItem::Rule {
            x0: 0.0,
            x1: self.measure,
            width: 0.6,
            color: c.accent,
        });
        out.push(VItem::Space(s.body_leading * 0.8));
        self.keep_next = false;
        let cx = self.body_ctx();
        self.notes = super::notes::collect(&doc.blocks);
        self.deferred.clear();
        self.blocks(&doc.blocks, &cx, out);
        self.end_notes(out);
        if let Some(cr) = m.credits.as_deref() {
            out.push(VItem::Space(s.body_leading * 0.6));
            let ccx = Ctx {
                face: Face::Italic,
                color: c.muted,
                size: s.small_size + 0.5,
                leading: (s.small_size + 0.5) * 1.4,
                ..cx
            };
            self.tagged(Role::P, out, |b, out| {
                b.push_para(
                    &[b.span(cr.trim(), Face::Italic, c.muted)],
                    &ccx,
                    0.0,
                    false,
                    true,
                    false,
                    out,
                )
            });
        }
        self.tags.close(art_elem);
    }

    pub(super) fn blocks(&mut self, blocks: &[Block], cx: &Ctx, out: &mut Vec<VItem>) {
        let s = self.style;
        let c = self.colors;
        let mut prev_para = false;
        for (bi, block) in blocks.iter().enumerate() {
            let start = out.len();
            match block {
                Block::Table(t) => {
                    self.tagged(Role::Table, out, |b, out| b.table(t, cx, out));
                    prev_para = false;
                }
                // Set at the foot of the page (`notes.rs`).
                Block::Note { .. } => {}
                Block::Paragraph { content } => {
                    let spans = self.spans(content, cx.face, cx.color);
                    let indent = if prev_para && cx.indent_paras && self.marker.is_none() {
                        s.paragraph_indent * cx.size
                    } else {
                        0.0
                    };
                    if prev_para && s.paragraph_space > 0.0 {
                        out.push(VItem::Space(s.paragraph_space));
                    } else if !prev_para && bi > 0 {
                        out.push(VItem::Space(cx.leading * 0.4));
                    }
                    let (_, n) = self.tagged(Role::P, out, |b, out| {
                        b.push_para(&spans, cx, indent, true, true, false, out)
                    });
                    prev_para = n > 0;
                }
                Block::Heading { level, content } => {
                    let size = s.heading_size(*level);
                    let hcx = Ctx {
                        size,
                        leading: size * 1.3,
                        face: Face::Sans,
                        ..*cx
                    };
                    if bi > 0 {
                        out.push(VItem::Space(
                            s.body_leading * if *level <= 2 { 1.1 } else { 0.8 },
                        ));
                    }
                    out.push(VItem::Mark(Mark::Heading {
                        article: self.article,
                        level: *level,
                        title: crate::model::inline_text(content).trim().to_string(),
                    }));
                    let spans = self.spans(content, Face::Sans, cx.color);
                    let start = out.len();
                    // Tagged H2..H6 as written, but never skipping a level.
                    let tag_level = (*level).clamp(2, self.heading_depth.saturating_add(1).max(2));
                    self.heading_depth = tag_level;
                    self.tagged(Role::heading(tag_level), out, |b, out| {
                        b.push_line(&spans, &hcx, out)
                    });
                    // A heading's own lines stay together.
                    for it in out[start..].iter_mut().skip(1) {
                        if let VItem::Line { break_before, .. } = it {
                            *break_before = false;
                        }
                    }
                    out.push(VItem::Space(s.body_leading * 0.3));
                    self.keep_next = true;
                    prev_para = false;
                }
                Block::Quote { blocks } => {
                    out.push(VItem::Space(cx.leading * 0.5));
                    let qcx = Ctx {
                        left: cx.left + s.quote_indent,
                        right: cx.right + s.quote_indent * 0.5,
                        size: cx.size * 0.95,
                        leading: cx.leading * 0.95,
                        face: if cx.face == Face::Serif {
                            Face::Italic
                        } else {
                            cx.face
                        },
                        bar: Some(cx.left + s.quote_indent * 0.35),
                        indent_paras: true,
                        ..*cx
                    };
                    self.tagged(Role::BlockQuote, out, |b, out| b.blocks(blocks, &qcx, out));
                    out.push(VItem::Space(cx.leading * 0.5));
                    prev_para = false;
                }
                Block::List { ordered, items } => {
                    out.push(VItem::Space(cx.leading * 0.3));
                    let lcx = Ctx {
                        left: cx.left + 1.6 * cx.size,
                        indent_paras: false,
                        ..*cx
                    };
                    let list = self.tags.open(Role::L);
                    for (k, item) in items.iter().enumerate() {
                        if k > 0 {
                            out.push(VItem::Space(cx.leading * 0.2));
                        }
                        let m = if *ordered {
                            format!("{}.", k + 1)
                        } else {
                            "•".to_string()
                        };
                        self.marker = Some((m, cx.size));
                        // LI > Lbl (the marker, tagged as part of the
                        // first line) + LBody.
                        let li = self.tags.open(Role::LI);
                        self.label_tag = Some(self.tags.add(Role::Lbl));
                        self.tagged(Role::LBody, out, |b, out| b.blocks(item, &lcx, out));
                        self.tags.close(li);
                        self.marker = None;
                        self.label_tag = None;
                    }
                    self.tags.close(list);
                    out.push(VItem::Space(cx.leading * 0.3));
                    prev_para = false;
                }
                Block::Figure { alt, caption, src } => {
                    // A figure's alternate description: its alt text, else
                    // its caption, else the word for an image.
                    let desc = [alt.trim().to_string(), crate::model::inline_text(caption)]
                        .into_iter()
                        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                        .find(|t| !t.is_empty())
                        .unwrap_or_else(|| self.strings.get("image").trim().to_string());
                    let (fig, _) = self.tagged(Role::Figure, out, |b, out| {
                        b.figure(src, alt, caption, cx, out)
                    });
                    self.tags.set_alt(fig, &desc);
                    prev_para = false;
                }
                Block::Break => {
                    out.push(VItem::Space(cx.leading * 0.8));
                    let mid = cx.left + (self.measure - cx.left - cx.right) / 2.0;
                    out.push(VItem::Rule {
                        x0: mid - 30.0,
                        x1: mid + 30.0,
                        width: 0.5,
                        color: c.muted,
                    });
                    out.push(VItem::Space(cx.leading * 0.8));
                    prev_para = false;
                }
                Block::Code { text, .. } => {
                    self.tagged(Role::Code, out, |b, out| b.code_block(text, cx, out));
                    prev_para = false;
                }
            }
            self.attach_notes(out, start);
        }
    }
}

/// The typesetter's language of `art`: its declared (or detected) language,
/// else `book`'s.
pub(super) fn article_lang(art: &crate::model::Article, book: Lang) -> Lang {
    match art.doc.meta.language.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => Lang::from_tag(t),
        _ => book,
    }
}
