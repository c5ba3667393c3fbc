import json
import subprocess
import sys
import unicodedata

ORDER = ["à", "á", "ả", "ã", "ạ", "ă", "ằ", "ắ", "ẳ", "ẵ", "ặ", "â", "ầ", "ấ", "ẩ", "ẫ", "ậ", "đ", "è", "é", "ẻ", "ẽ", "ẹ", "ê", "ề", "ế", "ể", "ễ", "ệ", "ì", "í", "ỉ", "ĩ", "ị", "ò", "ó", "ỏ", "õ", "ọ", "ô", "ồ", "ố", "ổ", "ỗ", "ộ", "ơ", "ờ", "ớ", "ở", "ỡ", "ợ", "ù", "ú", "ủ", "ũ", "ụ", "ư", "ừ", "ứ", "ử", "ữ", "ự", "ỳ", "ý", "ỷ", "ỹ", "ỵ"]
BYTES = ["µ", "¸", "¶", "·", "¹", "¨", "»", "¾", "¼", "½", "Æ", "©", "Ç", "Ê", "È", "É", "Ë", "®", "Ì", "Ð", "Î", "Ï", "Ñ", "ª", "Ò", "Õ", "Ó", "Ô", "Ö", "×", "Ý", "Ø", "Ü", "Þ", "ß", "ã", "á", "â", "ä", "«", "å", "è", "æ", "ç", "é", "¬", "ê", "í", "ë", "ì", "î", "ï", "ó", "ñ", "ò", "ô", "\xad", "õ", "ø", "ö", "÷", "ù", "ú", "ý", "û", "ü", "þ"]
assert len(ORDER) == len(BYTES) == 67, (len(ORDER), len(BYTES))
tcvn3 = dict(zip(BYTES, ORDER))
tcvn3.update({"¡": "Ă", "¢": "Â", "§": "Đ", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư"})
# cross-check the lowercase half with glibc iconv TCVN5712-1 (VN1 shares it with VN3)
for byte, letter in zip(BYTES, ORDER):
    out = subprocess.run(["iconv", "-f", "utf-8", "-t", "TCVN5712-1"], input=letter.encode(), capture_output=True).stdout
    assert out == byte.encode("latin-1"), (letter, out, byte)
for byte, letter in [("¡", "Ă"), ("¢", "Â"), ("§", "Đ"), ("£", "Ê"), ("¤", "Ô"), ("¥", "Ơ"), ("¦", "Ư")]:
    out = subprocess.run(["iconv", "-f", "utf-8", "-t", "TCVN5712-1"], input=letter.encode(), capture_output=True).stdout
    assert out == byte.encode("latin-1"), (letter, out, byte)

TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
HAT = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}  # with circumflex
BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
pairs = {}
def nfc(s): return unicodedata.normalize("NFC", s)
for base in "aeouy":
    for mod, tone in TONES.items():
        pairs[base + mod] = nfc(base + tone)
for base in "aeo":
    for mod, tone in HAT.items():
        pairs[base + mod] = nfc(base + "\u0302" + tone)
for mod, tone in BREVE.items():
    pairs["a" + mod] = nfc("a\u0306" + tone)
for base, letter in (("ô", "ơ"), ("ö", "ư")):
    for mod, tone in TONES.items():
        pairs[base + mod] = nfc(letter + tone)
del pairs["yï"]  # ỵ is the single byte î
singles = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
# capitals: same bytes, upper case
pairs.update({k.upper(): v.upper() for k, v in list(pairs.items())})
singles.update({k.upper(): v.upper() for k, v in list(singles.items())})
out = {
  "description": "Legacy 8-bit Vietnamese encodings (TCVN3/ABC and VNI) as they look when the bytes were read as Latin-1/cp1252, for pipeline/vanban/text/legacy.py: byte tables, the common syllables that let an ambiguous word join a run, and real examples.",
  "source": "../shared/spec/DOMAIN.md §4.3; TCVN3 lowercase half cross-checked with glibc iconv TCVN5712-1",
  "notes": [
    "Legacy 8-bit Vietnamese encodings as they look when the bytes were read as Latin-1/cp1252 (used by pipeline/vanban/text/legacy.py).",
    "Source: spec/DOMAIN.md section 4.3. TCVN3 (TCVN 5712:1993 VN3, fonts .VnTime/.VnTimeH/.VnArial): one byte per lowercase letter,",
    "only the bare capitals Ă Â Đ Ê Ô Ơ Ư have codes; the lowercase half was cross-checked against glibc iconv TCVN5712-1.",
    "Beware: TCVN3 'ư' is byte 0xAD, the soft hyphen; never strip U+00AD before decoding.",
    "VNI (VNI-Windows, fonts VNI-Times...): base ASCII letter + modifier byte, decoded greedily two characters before one.",
    "Capitals use the upper-case modifier bytes (AÙ = Á, Ñ = Đ).",
    "common_syllables: frequent Vietnamese syllables. A word that reads as valid Vietnamese both as it stands and decoded ('phóc', TCVN3 for",
    "  'phúc') joins the edge of a legacy run only when its decoded form is common and its own form is not ('các' stays 'các').",
    "not_evidence: words that decode to a syllable but are ordinary Unicode (SI units with the micro sign µ, which is TCVN3 'à')."
  ],
  "common_syllables": ["an", "ba", "ban", "biên", "biến", "biện", "báo", "bản", "bảo", "bảy", "bị", "bốn", "bồi", "bộ", "bởi", "cao", "cho", "chín", "chính", "chương", "chất", "chế", "chỉ", "chủ", "chức", "chứng", "các", "cán", "cáo", "còn", "có", "công", "cũ", "cũng", "cơ", "cường", "cấp", "cần", "cầu", "cộng", "cục", "cụm", "của", "do", "doanh", "dung", "dân", "dưới", "dưỡng", "dẫn", "dịch", "dục", "dụng", "dữ", "dự", "dựng", "gian", "giao", "giá", "giám", "giáo", "giải", "giảm", "giấy", "gửi", "hai", "hay", "hiện", "hiệu", "hoà", "hoá", "hoạch", "hoặc", "huyện", "hành", "hình", "hòa", "hóa", "hơn", "hướng", "hạn", "hạnh", "hệ", "họp", "hồ", "hội", "hợp", "khai", "khi", "khoáng", "khoản", "khu", "không", "kinh", "kiến", "kiểm", "kính", "ký", "kế", "kết", "kỳ", "lao", "liên", "liệu", "luật", "là", "làm", "lâm", "lý", "lĩnh", "lưu", "lượng", "lập", "lệ", "lớn", "lời", "lợi", "lực", "mà", "môi", "mười", "mại", "một", "mới", "mục", "nam", "nay", "nghiệp", "nghĩa", "nghị", "nguyên", "nguồn", "ngành", "ngày", "ngân", "người", "nhiều", "nhiệm", "nhà", "nhân", "như", "nhưng", "nhất", "nhận", "nhỏ", "những", "ninh", "này", "nâng", "nên", "nông", "năm", "năng", "nơi", "nước", "nếu", "nổ", "nội", "pháp", "phát", "phép", "phí", "phòng", "phó", "phúc", "phương", "phường", "phạm", "phải", "phố", "phối", "phổ", "phủ", "quan", "quy", "quyết", "quyền", "quả", "quản", "quốc", "ra", "rất", "sai", "sau", "sách", "sát", "sáu", "sơ", "sản", "sẽ", "số", "sở", "sử", "theo", "thi", "thuỷ", "thành", "tháng", "thì", "thông", "thương", "thấp", "thị", "thống", "thời", "thủ", "thủy", "thực", "tin", "tiêu", "tiến", "tiền", "toàn", "tra", "triển", "trong", "trung", "truyền", "trách", "trên", "trình", "trước", "trường", "trưởng", "trả", "trị", "tuyên", "tài", "tám", "tình", "tăng", "tư", "tượng", "tại", "tạo", "tải", "tế", "tỉnh", "tịch", "tốt", "tổ", "tổng", "tục", "từ", "tử", "tự", "uỷ", "vi", "việc", "viện", "việt", "và", "vì", "văn", "vận", "vật", "về", "vị", "vốn", "với", "vụ", "vực", "xin", "xuất", "xây", "xã", "y", "yêu", "án", "ít", "ý", "đai", "đang", "điều", "điểm", "điện", "đào", "đây", "đã", "đó", "đúng", "đăng", "đơn", "được", "đảm", "đất", "đầu", "đến", "đề", "để", "địa", "định", "đốc", "đối", "đồng", "độ", "độc", "động", "đủ", "ương", "ủy"],
  "tcvn3": {
    "map": tcvn3,
    "not_evidence": ["µm", "µg", "µl", "µs", "µA", "µV", "µF", "µH", "µW", "µmol", "µM"],
    "examples": [
      ["§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"],
      ["QuyÕt ®Þnh", "Quyết định"],
      ["KÕ ho¹ch", "Kế hoạch"],
      ["N¬i nhËn", "Nơi nhận"],
      ["Uû ban nh©n d©n", "Uỷ ban nhân dân"],
      ["Th\u00ad¬ng m¹i", "Thương mại"]
    ]
  },
  "vni": {
    "pairs": pairs,
    "singles": singles,
    "examples": [
      ["Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"],
      ["COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
      ["UÛy ban nhaân daân", "Ủy ban nhân dân"],
      ["Quyeát ñònh", "Quyết định"],
      ["Xin chaøo caùc baïn", "Xin chào các bạn"]
    ]
  }
}
json.dump(out, open(sys.argv[1], "w"), ensure_ascii=False, indent=1)
print(len(tcvn3), len(pairs), len(singles))
