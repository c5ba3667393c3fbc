"""Where a document sits (its province, district and commune), read from its header."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vanban.model import Document
from vanban.stages.agencies.gazetteer import SYLLABLE, province_of, title_case
from vanban.text.normalize import match_key


@dataclass(slots=True)
class Locality:
    """Where a document sits: its province (or centrally-run city), district and commune."""

    province: str | None = None      # "Lào Cai"
    province_kind: str = "tỉnh"      # "tỉnh" | "thành phố"
    district: str | None = None      # "Bác Ái"
    district_kind: str = "huyện"
    commune: str | None = None       # "Cam Đường"
    commune_kind: str = "xã"
    # the province was read from the body ("… tỉnh Đắk Lắk" in a Government Office notice), not
    # from a header: the document speaks about the place without belonging to it
    from_body: bool = False

    def full(self, level: str) -> str | None:
        if level == "P" and self.province:
            return f"{self.province_kind} {self.province}"
        if level == "D" and self.district:
            return f"{self.district_kind} {self.district}"
        if level == "C" and self.commune:
            return f"{self.commune_kind} {self.commune}"
        return None

    def own(self) -> str | None:
        """The document's own unit: the most local one it names."""
        return self.full("C") or self.full("D") or self.full("P")


_HEADER_UNIT = re.compile(
    r"(?<![A-ZĐÀ-Ỹ])(TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|THÀNH UỶ|HUYỆN ỦY|HUYỆN UỶ|QUẬN ỦY|QUẬN UỶ|THỊ ỦY|THỊ UỶ|ĐẢNG ỦY|ĐẢNG UỶ|"
    r"THÀNH PHỐ|TP\.|TỈNH|HUYỆN|QUẬN|THỊ XÃ|PHƯỜNG|XÃ|ĐẶC KHU)\s+((?:[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ]*\s*-?\s*){1,5})")


_HEADER_STOP = {"ĐẢNG", "CỘNG", "ĐỘC", "SỐ", "ỦY", "UỶ", "BAN", "KẾ", "CHỈ", "THÔNG", "QUYẾT", "NGHỊ", "CÔNG", "HƯỚNG", "BÁO"}


def _local_name(raw: str) -> str:
    words: list[str] = []
    for w in raw.split():
        if w.upper() in _HEADER_STOP and words:
            break
        words.append(w)
    return title_case(" ".join(words[:3]))


def _read_header(text: str, loc: Locality) -> None:
    for m in _HEADER_UNIT.finditer(text):
        unit, raw = m.group(1), " ".join(m.group(2).split())
        unit_key = match_key(unit)
        if unit_key in ("thành phố", "tp.", "tỉnh", "tỉnh ủy", "thành ủy"):
            hit = province_of(raw)
            if hit and not loc.province:
                loc.province, loc.province_kind = hit[0], hit[1]
        elif unit_key in ("huyện", "quận", "thị xã", "huyện ủy", "quận ủy", "thị ủy") and not loc.district:
            loc.district = _local_name(raw)
            loc.district_kind = {"huyện ủy": "huyện", "quận ủy": "quận", "thị ủy": "thị xã"}.get(unit_key, unit_key)
        elif unit_key in ("xã", "phường", "đặc khu") and not loc.commune:
            loc.commune, loc.commune_kind = _local_name(raw), unit_key


_BODY_PROVINCE = re.compile(r"(?:trên địa bàn|của|tại)\s+(tỉnh|thành phố|Thành phố)\s+(" + SYLLABLE + r"(?:\s+" + SYLLABLE + r"){0,3})")


def locality_of(doc: Document) -> Locality:
    """The document's locality, from the header stage's fields when it has run, else from the
    header lines at the top of the text ("ỦY BAN NHÂN DÂN\\nTỈNH BẮC NINH"), else from the body
    ("trên địa bàn tỉnh Đắk Lắk")."""
    # computed once per document (assignments and aliases_seen both ask), kept off the record
    cached = getattr(doc, "_locality", None)
    if isinstance(cached, Locality):
        return cached
    loc = Locality()
    for name in (doc.issuer, doc.parent_issuer, *doc.issuers):
        if name:
            _read_header(_upper_header(name), loc)
    # the issuing body stands above the type line; the title below it may say "XÃ HỘI"
    head_end = min(doc.body_start or len(doc.text), _header_end(doc.text))
    _read_header(_strip_markup(doc.text[:head_end]), loc)
    if not loc.province:
        for m in _BODY_PROVINCE.finditer(doc.text):
            hit = province_of(m.group(2))
            if hit:
                loc.province, loc.province_kind = hit
                loc.from_body = True
                break
    doc._locality = loc  # type: ignore[attr-defined]
    return loc


def _upper_header(name: str) -> str:
    # "Ủy ban nhân dân tỉnh Bắc Ninh" -> the header's "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"
    return name.upper()


_MOTTO = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc", re.I)


def _strip_markup(text: str) -> str:
    # the national motto's "XÃ HỘI" is not a commune
    return _MOTTO.sub(" ", re.sub(r"[*_|#]+", " ", text))


def _header_end(text: str) -> int:
    """Offset of the document type line or the first 'Căn cứ'/'Thực hiện' line: the header is above."""
    m = re.search(r"^\W*(?:KẾ HOẠCH|CHỈ THỊ|THÔNG BÁO|QUYẾT ĐỊNH|NGHỊ ĐỊNH|NGHỊ QUYẾT|HƯỚNG DẪN|CHƯƠNG TRÌNH|KẾT LUẬN|"
                  r"THÔNG TƯ|CÔNG ĐIỆN|BÁO CÁO|Kính gửi|Căn cứ|Thực hiện)", text[:6000], re.M)
    return m.start() if m and m.start() > 0 else min(len(text), 1500)
