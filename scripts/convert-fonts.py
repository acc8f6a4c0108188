#!/usr/bin/python3
"""Convert Noto Serif SC / Noto Sans SC (CFF-based OpenType collections from Debian's
fonts-noto-cjk) into subsetted TrueType (glyf) fonts that the PDF writer
(templates/internal/pdf) embeds as CIDFontType2, and cut the Kai face (楷体 stand-in)
from LXGW WenKai (Debian's fonts-lxgw-wenkai, already TrueType).

    apt-get install -y fonts-noto-cjk fonts-lxgw-wenkai python3-fonttools
    /usr/bin/python3 scripts/convert-fonts.py   # Debian's python3 with python3-fonttools [SRC_DIR] [OUT_DIR]

The writer embeds TrueType outlines only: the SC face is taken from the .ttc collection,
subset to the characters a report needs, every glyph is redrawn through Cu2QuPen into
TTGlyphPen (cubic -> quadratic), and CFF is replaced by glyf/loca with maxp v1 and
post v2. head.created/modified are fixed so that re-running gives identical files.
The fonts are licensed under the SIL Open Font License 1.1 (templates/fonts/OFL.txt).
"""
import os
import sys
import time

from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._g_l_y_f import Glyph
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Subsetter, Options
from fontTools.misc.timeTools import timestampFromString

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto"
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "templates", "fonts")

# (collection file, family name of the face to take, output file)
FACES = [
    ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "NotoSerifSC-Regular.ttf"),
    ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", "NotoSerifSC-Bold.ttf"),
    ("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC", "NotoSansSC-Bold.ttf"),
]

# The characters a report needs. Keep in sync with templates/fonts/README.md.
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement (× ÷ ± ·)
    (0x0391, 0x03C9),  # Greek (σ, Δ in method text)
    (0x2000, 0x206F),  # general punctuation (— … ‰ ‘ ’ “ ”)
    (0x2100, 0x214F),  # letterlike symbols (℃ №)
    (0x2190, 0x21FF),  # arrows (↑ ↓ → ←)
    (0x2200, 0x22FF),  # mathematical operators (≤ ≥ ≈ −)
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ②)
    (0x25A0, 0x25FF),  # geometric shapes (■ ● ▲ ▼ ◆)
    (0x2605, 0x2606),  # ★ ☆
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。《》「」【】〇)
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xFF00, 0xFFEF),  # half-width and full-width forms
]

# LXGW WenKai (SIL OFL 1.1 with the Reserved Font Names "霞鹜" and "LXGW"): the subset
# is a Modified Version, so it is renamed (the licence forbids the reserved names on it).
KAI_SRC = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
KAI_OUT = "KaiSC-Regular.ttf"
KAI_FAMILY = "Kai SC Subset"
KAI_PSNAME = "KaiSC-Regular"


def kai_unicodes():
    """The Kai face is used for （一） headings: every range above except the CJK
    ideographs, of which only the 6,763 of GB 2312 (the common ones) are kept, so that
    the face adds about 4 MB to the repository instead of 10."""
    out = []
    for lo, hi in RANGES:
        for u in range(lo, hi + 1):
            if 0x4E00 <= u <= 0x9FFF:
                try:
                    chr(u).encode("gb2312")
                except UnicodeEncodeError:
                    continue
            out.append(u)
    return out


FIXED_DATE = timestampFromString("Mon Jan  1 00:00:00 2024")

KEEP_TABLES = {"head", "hhea", "maxp", "OS/2", "hmtx", "cmap", "name", "post", "glyf", "loca"}


def pick_face(path, family):
    """Return the index of the face whose family name (name id 1) is family."""
    i = 0
    while True:
        try:
            f = TTFont(path, fontNumber=i, lazy=True)
        except Exception:
            break
        if f["name"].getDebugName(1) == family:
            return i
        i += 1
    raise SystemExit(f"{path}: no face named {family!r}")


def to_truetype(font):
    """Replace the CFF outlines by quadratic glyf/loca outlines."""
    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        gs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        g = pen.glyph()
        glyphs[name] = g
    for t in ("CFF ", "VORG"):
        if t in font:
            del font[t]
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements", "maxPoints", "maxContours",
                 "maxCompositePoints", "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def convert(src, family, out):
    t0 = time.time()
    idx = pick_face(src, family)
    font = TTFont(src, fontNumber=idx)
    opts = Options()
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    opts.name_languages = [0x0409]
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "DSIG"]
    sub = Subsetter(opts)
    unicodes = [u for lo, hi in RANGES for u in range(lo, hi + 1)]
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    to_truetype(font)
    for tag in list(font.keys()):
        if tag != "GlyphOrder" and tag not in KEEP_TABLES:
            del font[tag]
    font["head"].created = FIXED_DATE
    font["head"].modified = FIXED_DATE
    # Keep only the BMP format-4 cmap (the writer reads format 4; nothing above U+FFFF is kept).
    cmap = font["cmap"]
    cmap.tables = [t for t in cmap.tables if t.format == 4]
    font.recalcTimestamp = False
    font.save(out, reorderTables=True)
    print(f"{out}: {os.path.getsize(out)} bytes, {len(font.getGlyphOrder())} glyphs, {time.time() - t0:.0f}s")


def convert_kai(src, out):
    """Subset LXGW WenKai (TrueType already: no outline conversion) and rename it."""
    t0 = time.time()
    font = TTFont(src)
    opts = Options()
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    opts.name_languages = [0x0409]
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "DSIG", "gasp"]
    sub = Subsetter(opts)
    sub.populate(unicodes=kai_unicodes())
    sub.subset(font)
    for tag in list(font.keys()):
        if tag != "GlyphOrder" and tag not in KEEP_TABLES:
            del font[tag]
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 3, 4, 6, 16, 17):
            name.removeNames(nameID=rec.nameID)
    name.setName(KAI_FAMILY, 1, 3, 1, 0x409)
    name.setName(KAI_FAMILY + ":Version 1.250:dteval", 3, 3, 1, 0x409)
    name.setName(KAI_FAMILY, 4, 3, 1, 0x409)
    name.setName(KAI_PSNAME, 6, 3, 1, 0x409)
    font["post"].formatType = 3.0  # no glyph names (the PDF writer writes post 3.0 anyway)
    font["head"].created = FIXED_DATE
    font["head"].modified = FIXED_DATE
    cmap = font["cmap"]
    cmap.tables = [t for t in cmap.tables if t.format == 4]
    font.recalcTimestamp = False
    font.save(out, reorderTables=True)
    print(f"{out}: {os.path.getsize(out)} bytes, {len(font.getGlyphOrder())} glyphs, {time.time() - t0:.0f}s")


def main():
    os.makedirs(OUT, exist_ok=True)
    only = os.environ.get("ONLY", "")  # e.g. ONLY=kai: only the Kai face
    if only in ("", "noto"):
        for src, family, out in FACES:
            convert(os.path.join(SRC, src), family, os.path.join(OUT, out))
    if only in ("", "kai"):
        convert_kai(KAI_SRC, os.path.join(OUT, KAI_OUT))


if __name__ == "__main__":
    main()
