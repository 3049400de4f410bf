//! Page flow: a vertical list of lines, spaces and rules is cut into pages.
//! Breaks are only taken where allowed: never between a heading and the
//! lines that follow it, never after the first line of a paragraph (orphan)
//! nor before its last line (widow).

use super::layout::{Line, Rgb};

/// Where a line belongs, for the records tests check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParaInfo {
    /// Paragraph number, unique in the document.
    pub id: u32,
    /// Line number in the paragraph.
    pub index: u32,
    /// Lines in the paragraph.
    pub count: u32,
}

/// `n` as a [`ParaInfo`] number (a paragraph of 2^32 lines saturates).
pub fn n32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A point in the document the outline or the contents refer to.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// An article starts (index in reading order).
    Article(usize),
    /// A heading inside article `article`.
    Heading {
        /// Article index.
        article: usize,
        /// Heading level (2..=6).
        level: u8,
        /// Heading text.
        title: String,
    },
    /// Footnote `number` of article `article` starts (its references link
    /// here).
    Note {
        /// Article index.
        article: usize,
        /// The note's number.
        number: usize,
    },
}

/// One entry of the vertical list.
#[derive(Debug, Clone)]
pub enum VItem {
    /// A set line.
    Line {
        /// The line (boxed: a list of a million lines is mostly spaces
        /// and marks the size of the largest variant).
        line: Box<Line>,
        /// Offset of the line's left edge from the text block's left edge.
        x: f32,
        /// Whether a page may end just before this line.
        break_before: bool,
        /// Paragraph membership.
        para: Option<ParaInfo>,
        /// Draw a vertical bar (block quote) at this x offset.
        bar: Option<f32>,
        /// Contents entry linking to this article (page number added later).
        goto: Option<u32>,
        /// The contents entry's line that gets the page number (the last
        /// line of its title), set right-aligned by the chrome.
        page_number: bool,
    },
    /// Vertical space (dropped at the top of a page).
    Space(f32),
    /// Vertical space kept even at the top of a page.
    Fixed(f32),
    /// A horizontal rule from `x0` to `x1` (block offsets).
    Rule {
        /// Start.
        x0: f32,
        /// End.
        x1: f32,
        /// Thickness.
        width: f32,
        /// Colour.
        color: Rgb,
    },
    /// An image (a figure's), drawn at `x` (block offset), `width` by
    /// `height` points.
    Image {
        /// Index in the render's [`PdfImages`](super::image::PdfImages).
        index: u32,
        /// Offset of its left edge from the text block's left edge.
        x: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// Whether a page may end just before it.
        break_before: bool,
        /// The figure's alt text (for a tagged PDF's `/Alt`).
        alt: Box<str>,
        /// The `Figure` element it belongs to (tagged PDF; `None`: drawn as
        /// an artifact).
        tag: Option<super::tags::ElemId>,
    },
    /// Start a new page.
    PageBreak,
    /// A mark (no height).
    Mark(Mark),
    /// From here on, a page that starts inside the table begins with these
    /// items (its header row and rule); `None` ends the table. Consumed by
    /// [`paginate`].
    RepeatHeader(Option<Vec<VItem>>),
    /// The footnotes of the line just before: set at the foot of the page
    /// that line lands on (the page reserves their height). Consumed by
    /// [`paginate`].
    Foot(Vec<VItem>),
}

impl VItem {
    fn height(&self) -> f32 {
        match self {
            VItem::Line { line, .. } => line.leading,
            VItem::Space(h) | VItem::Fixed(h) => *h,
            VItem::Rule { width, .. } => width.max(0.0),
            VItem::Image { height, .. } => *height,
            VItem::PageBreak | VItem::Mark(_) | VItem::RepeatHeader(_) => 0.0,
            // Reserved at the foot of the page (see `page_height`).
            VItem::Foot(_) => 0.0,
        }
    }

    /// Height a footnote block takes at the foot of a page.
    fn foot_height(&self) -> f32 {
        match self {
            VItem::Foot(v) => v.iter().map(VItem::height).sum(),
            _ => 0.0,
        }
    }
    fn breakable(&self) -> bool {
        match self {
            VItem::Line { break_before, .. } | VItem::Image { break_before, .. } => *break_before,
            VItem::Rule { .. } => true,
            _ => false,
        }
    }
}

/// A page of placed items: (item, top y inside the text block).
pub type FlowPage = Vec<(VItem, f32)>;

/// Space between the text and the footnotes of a page (their rule sits in
/// its middle).
pub const FOOT_GAP: f32 = 10.0;

/// Height of a page's items, its footnotes (and their gap) included.
fn page_height(v: &[VItem]) -> f32 {
    let feet: f32 = v.iter().map(VItem::foot_height).sum();
    let gap = if feet > 0.0 { FOOT_GAP } else { 0.0 };
    v.iter().map(VItem::height).sum::<f32>() + feet + gap
}

/// Cuts `items` into pages of height `block_h`. A table's header row is
/// repeated at the top of a page the table continues on
/// ([`VItem::RepeatHeader`]); footnotes ([`VItem::Foot`]) go to the foot of
/// the page their reference is on.
pub fn paginate(items: Vec<VItem>, block_h: f32) -> Vec<FlowPage> {
    let mut pages: Vec<FlowPage> = Vec::new();
    let mut cur: Vec<VItem> = Vec::new();
    let height = |v: &[VItem]| page_height(v);
    // The header repeating when the page began, and how many items of the
    // current page are that repeated header (a page of only those is empty).
    let mut repeat_at_start: Option<Vec<VItem>> = None;
    let mut fresh = 0usize;
    let has_content = |v: &[VItem], fresh: usize| {
        v.iter().skip(fresh).any(|i| {
            matches!(
                i,
                VItem::Line { .. } | VItem::Rule { .. } | VItem::Image { .. }
            )
        })
    };
    // The items are taken from the end of the reversed list, which gives
    // its room back as it empties: the list and the pages made of it are
    // not both held whole (a million lines are some 200 MB of items).
    let mut items = items;
    items.reverse();
    while let Some(item) = items.pop() {
        if items.capacity() > 1024 && items.len() < items.capacity() / 2 {
            items.shrink_to_fit();
        }
        if matches!(item, VItem::PageBreak) {
            if has_content(&cur, fresh) {
                pages.push(place(std::mem::take(&mut cur), block_h));
            }
            repeat_at_start = None;
            fresh = 0;
            continue;
        }
        if matches!(item, VItem::Space(_)) && !has_content(&cur, fresh) {
            continue;
        }
        // The rule between two rows after a repeated header (which ends
        // with its own rule).
        if fresh > 0 && cur.len() == fresh && matches!(item, VItem::Rule { .. }) {
            continue;
        }
        loop {
            let h = item.height() + item.foot_height();
            let gap = if item.foot_height() > 0.0 && !cur.iter().any(|i| i.foot_height() > 0.0) {
                FOOT_GAP
            } else {
                0.0
            };
            if height(&cur) + h + gap <= block_h + 0.01
                || !has_content(&cur, fresh)
                || matches!(
                    item,
                    VItem::Space(_) | VItem::Mark(_) | VItem::RepeatHeader(_)
                )
            {
                cur.push(item);
                break;
            }
            // Where to cut: before this item if allowed, else at the last
            // allowed place on the page (not before the first line).
            let first_content = cur
                .iter()
                .skip(fresh)
                .position(|i| {
                    matches!(
                        i,
                        VItem::Line { .. } | VItem::Rule { .. } | VItem::Image { .. }
                    )
                })
                .map_or(0, |k| k + fresh);
            let cut = if item.breakable() {
                Some(cur.len())
            } else {
                (first_content + 1..cur.len())
                    .rev()
                    .find(|&k| cur[k].breakable())
            };
            let cut = match cut {
                Some(mut k) => {
                    // Keep marks and spaces just before the cut with what follows.
                    while k > first_content + 1
                        && matches!(cur[k - 1], VItem::Mark(_) | VItem::Space(_))
                    {
                        k -= 1;
                    }
                    k
                }
                None => cur.len(),
            };
            let rest = cur.split_off(cut);
            // The header in force at the cut: the last change on the page
            // that ends, else the one the page began with.
            let repeat = cur
                .iter()
                .rev()
                .find_map(|i| match i {
                    VItem::RepeatHeader(r) => Some(r.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| repeat_at_start.clone());
            pages.push(place(std::mem::take(&mut cur), block_h));
            let rest: Vec<VItem> = rest
                .into_iter()
                .skip_while(|i| matches!(i, VItem::Space(_)))
                .collect();
            fresh = 0;
            // A page that starts on the table's next row repeats its header.
            let continues = rest.iter().any(|i| matches!(i, VItem::Line { .. }))
                || matches!(item, VItem::Line { .. } | VItem::Rule { .. });
            if let Some(head) = &repeat
                && continues
            {
                cur.extend(head.iter().cloned());
                fresh = head.len();
            }
            cur.extend(rest);
            repeat_at_start = repeat;
        }
    }
    if has_content(&cur, fresh) {
        pages.push(place(cur, block_h));
    }
    pages
}

/// Places a page's items from the top, its footnotes from the foot up (a
/// short rule above them).
fn place(p: Vec<VItem>, block_h: f32) -> FlowPage {
    let feet: f32 = p.iter().map(VItem::foot_height).sum();
    let mut y = 0.0;
    let mut fy = block_h - feet;
    let mut out = Vec::with_capacity(p.len());
    let mut foot = Vec::new();
    if feet > 0.0 {
        foot.push((
            VItem::Rule {
                x0: 0.0,
                x1: 72.0,
                width: 0.4,
                color: (0.5, 0.5, 0.5),
            },
            fy - FOOT_GAP / 2.0,
        ));
    }
    for it in p {
        match it {
            VItem::RepeatHeader(_) => {}
            VItem::Foot(v) => {
                for f in v {
                    let h = f.height();
                    foot.push((f, fy));
                    fy += h;
                }
            }
            it => {
                let h = it.height();
                out.push((it, y));
                y += h;
            }
        }
    }
    out.extend(foot);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(break_before: bool, para: Option<ParaInfo>) -> VItem {
        VItem::Line {
            line: Box::new(Line {
                leading: 10.0,
                ..Default::default()
            }),
            x: 0.0,
            break_before,
            para,
            bar: None,
            goto: None,
            page_number: false,
        }
    }

    #[test]
    fn a_vertical_list_item_is_small() {
        // A million paragraphs are two million items, held twice while
        // they are cut into pages.
        assert!(
            std::mem::size_of::<VItem>() <= 48,
            "{}",
            std::mem::size_of::<VItem>()
        );
        assert!(
            std::mem::size_of::<Line>() <= 104,
            "{}",
            std::mem::size_of::<Line>()
        );
    }

    #[test]
    fn keeps_widows_and_orphans_together() {
        // 3 one-line items then a 4-line paragraph on a page of 5 lines.
        let mut items = vec![line(true, None), line(true, None), line(true, None)];
        for i in 0..4 {
            let p = ParaInfo {
                id: 1,
                index: i,
                count: 4,
            };
            items.push(line(i == 0 || i == 2, Some(p)));
        }
        let pages = paginate(items, 50.0);
        assert_eq!(pages.len(), 2);
        // The page may break before line 2 (index 2) only: lines 0,1 stay, 2,3 move.
        let paras: Vec<Vec<u32>> = pages
            .iter()
            .map(|p| {
                p.iter()
                    .filter_map(|(i, _)| match i {
                        VItem::Line { para: Some(p), .. } => Some(p.index),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        assert_eq!(paras, vec![vec![0, 1], vec![2, 3]]);
    }

    #[test]
    fn a_heading_moves_to_the_next_page_with_its_paragraph() {
        // Four body lines, then a heading and a 3-line paragraph whose first
        // line may not be separated from the heading.
        let mut items: Vec<VItem> = (0..4).map(|_| line(true, None)).collect();
        items.push(VItem::Mark(Mark::Article(0)));
        items.push(line(true, None)); // the heading
        items.push(line(false, None));
        items.push(line(false, None));
        items.push(line(false, None));
        let pages = paginate(items, 60.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].len(), 4, "the heading left the first page");
        assert!(
            matches!(pages[1][0].0, VItem::Mark(_)),
            "its mark went with it"
        );
        assert_eq!(pages[1].len(), 5);
    }

    #[test]
    fn an_unbreakable_block_taller_than_a_page_still_flows() {
        let items: Vec<VItem> = (0..30).map(|i| line(i == 0, None)).collect();
        let pages = paginate(items, 100.0);
        assert!(pages.len() >= 3);
        assert_eq!(pages.iter().map(|p| p.len()).sum::<usize>(), 30);
    }
}
