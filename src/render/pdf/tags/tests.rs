//! Tests of the structure tree the layout builds, and of the marks.

use super::marked::{PageMarker, Tagger};
use super::*;
use crate::render::pdf::layout::Line;

fn line_item(tag: Option<ElemId>) -> VItem {
    VItem::Line {
        line: Box::new(Line {
            tag: LineTag {
                elem: tag,
                parts: Default::default(),
            },
            ..Default::default()
        }),
        x: 0.0,
        break_before: true,
        para: None,
        bar: None,
        goto: None,
        page_number: false,
    }
}

fn tag_of(it: &VItem) -> Option<ElemId> {
    match it {
        VItem::Line { line, .. } => line.tag.elem,
        _ => None,
    }
}

#[test]
fn open_add_close_nest_in_reading_order() {
    let mut t = StructTree::new();
    let art = t.open(Role::Art);
    let h = t.add(Role::H1);
    let l = t.open(Role::L);
    let li = t.open(Role::LI);
    let lbl = t.add(Role::Lbl);
    // Closing the list closes the item opened inside it.
    t.close(l);
    assert_eq!(t.current(), art);
    let p = t.add(Role::P);
    t.close(art);
    assert_eq!(t.current(), ElemId::ROOT);
    t.close(ElemId::ROOT);
    assert_eq!(t.current(), ElemId::ROOT, "the root never closes");
    assert_eq!(t.get(art).unwrap().kids, vec![h, l, p]);
    assert_eq!(t.get(li).unwrap().kids, vec![lbl]);
    assert_eq!(t.get(lbl).unwrap().parent, li);
}

#[test]
fn tag_lines_keeps_the_tags_of_inner_blocks() {
    let mut items = vec![
        line_item(None),
        line_item(Some(ElemId(7))),
        VItem::Space(3.0),
    ];
    StructTree::tag_lines(&mut items, ElemId(2));
    assert_eq!(tag_of(&items[0]), Some(ElemId(2)));
    assert_eq!(tag_of(&items[1]), Some(ElemId(7)));
}

#[test]
fn parts_of_a_line_belong_to_their_elements() {
    let mut line = Line {
        tag: LineTag {
            elem: Some(ElemId(3)),
            parts: Default::default(),
        },
        ..Default::default()
    };
    StructTree::tag_part(&mut line, -20.0, -4.0, ElemId(9));
    assert_eq!(line.tag.elem_at(-12.0), Some(ElemId(9)));
    assert_eq!(line.tag.elem_at(-4.0), Some(ElemId(3)));
    assert_eq!(line.tag.elem_at(50.0), Some(ElemId(3)));
}

#[test]
fn appending_a_parallel_run_renumbers_its_elements_and_lines() {
    let mut main = StructTree::new();
    let cover = main.open(Role::Sect);
    main.add(Role::H1);
    main.close(cover);
    let mut run = StructTree::new();
    let art = run.open(Role::Art);
    let p = run.add(Role::P);
    run.close(art);
    let mut items = vec![line_item(Some(p))];
    let map = main.append(run);
    StructTree::remap_lines(&mut items, map);
    let new_p = tag_of(&items[0]).unwrap();
    assert_eq!(main.get(new_p).unwrap().role, Role::P);
    let new_art = main.get(new_p).unwrap().parent;
    assert_eq!(main.get(new_art).unwrap().role, Role::Art);
    assert_eq!(main.get(new_art).unwrap().parent, ElemId::ROOT);
    assert_eq!(main.get(ElemId::ROOT).unwrap().kids, vec![cover, new_art]);
}

#[test]
fn marks_open_one_sequence_per_element_and_artifacts_apart() {
    let mut t = StructTree::new();
    let p = t.add(Role::P);
    let mut tagger = Tagger::new(&t, 1);
    let mut m = PageMarker::new(0);
    let mut out = Vec::new();
    m.switch(&mut tagger, &mut out, Some(p.0), None);
    // The same element again: nothing new.
    assert!(!m.differs(Some(p.0), None));
    m.switch(&mut tagger, &mut out, Some(p.0), None);
    m.switch(&mut tagger, &mut out, Some(p.0), Some((1, "whole")));
    m.switch(&mut tagger, &mut out, None, Some((2, "ignored")));
    m.end(&mut out);
    let s = String::from_utf8(out).unwrap();
    assert_eq!(
        s,
        "/P <</MCID 0>> BDC\nEMC\n/Span <</MCID 1 /ActualText <FEFF00770068006F006C0065>>> BDC\nEMC\n\
         /Artifact <</Type /Pagination>> BDC\nEMC\n"
    );
}

#[test]
fn an_inline_child_sits_between_the_text_around_it() {
    // P with a note reference made while laying out, drawn mid-paragraph.
    let mut t = StructTree::new();
    let p = t.open(Role::P);
    let r = t.add(Role::Reference);
    t.close(p);
    let empty = t.add(Role::Sect);
    let mut tagger = Tagger::new(&t, 1);
    let mut m = PageMarker::new(0);
    let mut out = Vec::new();
    for e in [p, r, p] {
        m.switch(&mut tagger, &mut out, Some(e.0), None);
    }
    m.end(&mut out);
    let mut lo = lopdf::Document::with_version("1.7");
    let page = lo.add_object(lopdf::Dictionary::new());
    let mut raw = crate::render::pdf::splice::RawObjects::default();
    let root = tagger.write(&mut lo, &[page], &mut raw).unwrap();
    // The tree is written as bytes and put into the saved file.
    let mut cat = lopdf::Dictionary::new();
    cat.set("Type", lopdf::Object::Name(b"Catalog".to_vec()));
    let cat = lo.add_object(cat);
    lo.trailer.set("Root", lopdf::Object::Reference(cat));
    let bytes = crate::render::pdf::splice::save(lo, raw).unwrap();
    let lo = lopdf::Document::load_mem(&bytes).unwrap();
    let k = |d: &lopdf::Dictionary| d.get(b"K").unwrap().as_array().unwrap().clone();
    let root = lo.get_dictionary(root).unwrap();
    let doc = lo
        .get_dictionary(k(root)[0].as_reference().unwrap())
        .unwrap();
    // The empty Sect is left out.
    let kids = k(doc);
    assert_eq!(kids.len(), 1);
    let pd = lo.get_dictionary(kids[0].as_reference().unwrap()).unwrap();
    let pk = k(pd);
    assert_eq!(pk.len(), 3, "{pk:?}");
    assert_eq!(pk[0].as_i64().unwrap(), 0);
    assert!(pk[1].as_reference().is_ok(), "the reference between");
    assert_eq!(pk[2].as_i64().unwrap(), 2);
    let _ = empty;
    let page = lo.get_dictionary(page).unwrap();
    assert_eq!(page.get(b"StructParents").unwrap().as_i64().unwrap(), 0);
}
