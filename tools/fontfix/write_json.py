import json
import sys

tables = json.load(open(str(__import__('pathlib').Path(__file__).with_name('tables.json'))))
attested = [0x85, 0x96, 0xC0, 0xC1, 0xC3, 0xCC, 0xD2, 0xD3, 0xD4, 0xD5, 0xE0, 0xE1, 0xE2, 0xE3, 0xE8, 0xE9,
            0xEA, 0xEC, 0xED, 0xF2, 0xF3, 0xF4, 0xF5, 0xF7, 0xF9, 0xFA, 0xFD]
mac_to_win = {}
for code in range(0x80, 0x100):
    mac = bytes([code]).decode('mac_roman')
    try: win = bytes([code]).decode('cp1252')
    except UnicodeDecodeError: continue
    if mac != win: mac_to_win[mac] = win
# pdfium reports code 0xC1 (WinAnsi "Á") as "£" for these fonts (attested: "GI£M ĐỐC" on the page image reads "GIÁM ĐỐC")
mac_to_win['£'] = 'Á'
out = {
  "description": "Repair tables for PDF text layers whose fonts lost their character mapping, for pipeline/vanban/ingest/fontfix.py: glyph id -> text for Times New Roman builds embedded without ToUnicode, pdfium’s MacRoman reading of symbolic TrueType fonts back to WinAnsi, and ToUnicode errata.",
  "source": "ToUnicode CMaps and glyph outlines of fonts in ../shared/corpus/laocai_skill_sct (see evidence_docs), checked against page images rendered with pdfium",
  "notes": [
    "Repair tables for PDF text layers whose fonts lost their character mapping (used by pipeline/vanban/ingest/fontfix.py).",
    "glyph_orders: for embedded CID TrueType fonts (Identity-H, CIDToGIDMap Identity) without a ToUnicode CMap, pdfium reports the glyph id as the character.",
    "  gid_to_text was read from the ToUnicode CMaps of the same fonts (same PostScript name, same glyph count) embedded WITH ToUnicode in the evidence_docs;",
    "  all evidence fonts agree, and every glyph outline used by the broken fonts in KH-1105, QD-1050 and TB-1894 is byte-identical to the evidence font's outline at that gid.",
    "  Only Latin, Greek, Cyrillic (QD-1050 really prints a Cyrillic 'а' in 'củа'), punctuation and symbol entries are kept; Arabic, Hebrew and private-use glyphs are dropped.",
    "symbolic_truetype: simple TrueType fonts flagged Symbolic, without /Encoding, whose embedded cmap is (1,0)+(3,0): the content codes are WinAnsi (cp1252)",
    "  but pdfium decodes them as MacRoman; pdfium_text_to_text maps pdfium's character back to the WinAnsi one. Characters pdfium flags with a",
    "  unicode-map error already carry the raw code (e.g. 0xC3 -> 'Ã') and are left alone.",
    "tounicode_errata: fonts WITH a ToUnicode CMap that maps some Times New Roman glyphs wrongly (CV-1178: gid 1132/1133 Ư/ư -> U+01A2/U+01A3, gid 209 Ò -> Õ).",
    "  Ƣ/ƣ never occur in Vietnamese so they are always replaced; Õ is a real Vietnamese letter (and TB-1894 really prints \"CỘNG HÕA\"), so the phrases are only fixed on pages that show the Ƣ/ƣ signature of that ToUnicode writer."
  ],
  "glyph_orders": {},
  "symbolic_truetype": {
    "families": ["TimesNewRoman"],
    "attested_codes": [f"0x{c:02X}" for c in attested],
    "pdfium_text_to_text": dict(sorted(mac_to_win.items(), key=lambda kv: kv[1])),
  },
  "tounicode_errata": {
    "chars": {"\u01a2": "\u01af", "\u01a3": "\u01b0"},
    "phrases": {"CỘNG HÕA XÃ HỘI": "CỘNG HÒA XÃ HỘI", "Cộng hõa xã hội": "Cộng hòa xã hội"}
  },
  "examples": [
    {"pdf": "QD-1050_2026_SoCongThuongLaoCai_kiem-tra-VLNCN.pdf", "page": 0,
     "pdfium": "6ӕ\u001d \u00124Ĉ\u00106&7", "repaired": "Số: /QĐ-SCT"},
    {"pdf": "QD-1050_2026_SoCongThuongLaoCai_kiem-tra-VLNCN.pdf", "page": 0,
     "pdfium": "GI£M ĐỐC", "repaired": "GIÁM ĐỐC"},
    {"pdf": "CV-1178-DCK-CTT_huong-dan-CCN-dia-gioi-moi.pdf", "page": 0,
     "pdfium": "BỘ CÔNG THƢƠNG", "repaired": "BỘ CÔNG THƯƠNG"}
  ]
}
for fam, t in tables.items():
    out["glyph_orders"][fam] = {
        "fonts": t["names"], "num_glyphs": t["num_glyphs"], "evidence_docs": t["evidence_docs"],
        "gid_to_text": t["gid_to_text"],
    }
json.dump(out, open(sys.argv[1], 'w'), ensure_ascii=False, indent=1)
