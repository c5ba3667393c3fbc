"""Derive pipeline/vanban/data/pdf_font_repair.json glyph tables from corpus evidence.

Evidence: every Identity-mapped CID TrueType font in the corpus PDFs whose dict carries a
ToUnicode CMap gives cid(=gid) -> text. Fonts without ToUnicode (the broken ones) are checked
glyph by glyph: the outline at each gid they use must be byte-identical to the outline an
evidence font has at the same gid, so the same table applies to them.
"""
import collections
import glob
import hashlib
import io
import json
import os
import unicodedata

from fontTools.ttLib import TTFont
from pdfminer.cmapdb import CMapParser, FileUnicodeMap
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

CORPUS = str(__import__('pathlib').Path(__file__).resolve().parents[3] / 'shared' / 'corpus' / 'laocai_skill_sct')
FAMILIES = {  # glyph order id -> PostScript names sharing it (checked below: tables agree)
    'TimesNewRoman-4685': ('TimesNewRomanPSMT', 'TimesNewRomanPS-BoldMT'),
    'TimesNewRoman-3578': ('TimesNewRomanPS-ItalicMT', 'TimesNewRomanPS-BoldItalicMT'),
}
KEEP_BLOCKS = [(0x20, 0x7E), (0xA0, 0x24F), (0x2B0, 0x36F), (0x370, 0x4FF), (0x1E00, 0x1EFF),
               (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x218F), (0x2190, 0x21FF),
               (0x2200, 0x22FF), (0x25A0, 0x25FF), (0xFB00, 0xFB06)]

def keep(text):
    return all(any(lo <= ord(c) <= hi for lo, hi in KEEP_BLOCKS) for c in text)

def outlines(data):
    f = TTFont(io.BytesIO(data)); g = f['glyf']; out = {}
    for gid, name in enumerate(f.getGlyphOrder()):
        gl = g.glyphs.get(name)
        d = getattr(gl, 'data', None)
        if d is None and gl is not None:
            try: d = gl.compile(g)
            except Exception: d = None
        if d: out[gid] = hashlib.sha1(d).hexdigest()
    return f['maxp'].numGlyphs, out

evidence = collections.defaultdict(lambda: collections.defaultdict(collections.Counter))
evidence_docs = collections.defaultdict(set)
ev_outlines = collections.defaultdict(lambda: collections.defaultdict(set))
broken = []
for path in sorted(glob.glob(CORPUS + '/*.pdf')):
    doc = PDFDocument(PDFParser(open(path, 'rb')))
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            try: o = doc.getobj(objid)
            except Exception: continue
            if not (isinstance(o, dict) and getattr(o.get('Subtype'), 'name', None) == 'Type0'): continue
            d = resolve1(resolve1(o['DescendantFonts'])[0])
            if getattr(d.get('CIDToGIDMap'), 'name', None) != 'Identity': continue
            fd = resolve1(d['FontDescriptor'])
            if 'FontFile2' not in fd: continue
            ps = o['BaseFont'].name.split('+')[-1]
            ng, hs = outlines(resolve1(fd['FontFile2']).get_data())
            key = (ps, ng)
            if 'ToUnicode' in o:
                cm = FileUnicodeMap(); CMapParser(cm, io.BytesIO(resolve1(o['ToUnicode']).get_data())).run()
                for cid, u in cm.cid2unichr.items(): evidence[key][cid][u] += 1
                evidence_docs[key].add(os.path.basename(path))
                for gid, h in hs.items(): ev_outlines[key][gid].add(h)
            else:
                broken.append((os.path.basename(path), o['BaseFont'].name, key, hs))

tables = {}
for fam, names in FAMILIES.items():
    merged, docs = {}, set()
    for ps in names:
        key = next(k for k in evidence if k[0] == ps and str(k[1]) in fam)
        docs |= evidence_docs[key]
        for gid, c in evidence[key].items():
            assert len(c) == 1, (key, gid, c)  # all evidence fonts agree
            text = next(iter(c))
            if gid in merged: assert merged[gid] == text, (fam, gid, merged[gid], text)
            merged[gid] = text
    kept = {gid: unicodedata.normalize('NFC', t) for gid, t in merged.items() if keep(t)}
    tables[fam] = dict(names=list(names), num_glyphs=int(fam.split('-')[1]), evidence_docs=sorted(docs),
                       evidence_gids=len(merged), gid_to_text={str(g): kept[g] for g in sorted(kept)})

report = []
for doc, name, key, hs in broken:
    fam = next((f for f, n in FAMILIES.items() if key[0] in n and str(key[1]) in f), None)
    if fam is None: report.append((doc, name, 'no family')); continue
    verified = unverified = 0
    for gid, h in hs.items():
        same = [k for k in evidence if k[0] in FAMILIES[fam] and k[1] == key[1] and h in ev_outlines[k].get(gid, ())]
        if same: verified += 1
        else: unverified += 1
    report.append((doc, name, fam, f'{verified} glyph outlines identical to evidence fonts, {unverified} not found'))
for r in report: print(*r)
json.dump(tables, open(str(__import__('pathlib').Path(__file__).with_name('tables.json')), 'w'), ensure_ascii=False)
for fam, t in tables.items(): print(fam, t['evidence_gids'], len(t['gid_to_text']), t['evidence_docs'])
