"""Server-side paging: TV pages never scroll, long lists are cut into numbered pages."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    number: int  # 1-based, already clamped into range
    size: int
    total: int  # items in the whole list

    @classmethod
    def of(cls, requested, size, total):
        """The page ``requested`` (any int) clamped to the pages that exist; at least page 1."""
        pages = max(1, -(-total // size))
        return cls(min(max(1, requested), pages), size, total)

    @property
    def pages(self):
        return max(1, -(-self.total // self.size))

    @property
    def offset(self):
        return (self.number - 1) * self.size

    @property
    def has_prev(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.pages


CLOSING = "。，、；：？！）》」』”’…%"


def wrap_pages(text, chars_per_line, lines_per_page):
    """Cut text into screen pages of at most ``lines_per_page`` lines.

    Every character is counted as full width, so a line never overflows its box (closing
    punctuation may hang up to two characters past it); paragraphs
    start with a two-character indent, as Chinese body text does, and may continue on the
    next page. Returns a list of pages, each a list of lines (at least one page).
    """
    lines = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        rest = "\u3000\u3000" + paragraph
        while rest:
            cut = chars_per_line
            # No line may start with closing punctuation: it stays with the line before.
            while cut < len(rest) and rest[cut] in CLOSING and cut < chars_per_line + 2:
                cut += 1
            lines.append(rest[:cut])
            rest = rest[cut:]
    pages = [lines[i:i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    return pages or [[]]
