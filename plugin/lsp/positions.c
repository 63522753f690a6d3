/*
 * positions.c — LSP positions and linger's: (line, character) in UTF-16
 * code units (or UTF-8 bytes when the client offers them) against 1-based
 * lines and byte columns, through each document's line index.
 */
#include "lsp_int.h"
#include <stdlib.h>

/* Byte offset of (line, character) in text, clamped to the line's end. */
size_t lg__lsp_offset_of(const server *s, const char *text, size_t len, long line, long ch)
{
    size_t pos = 0;
    for (long l = 0; l < line && pos < len; pos++)
        if (text[pos] == '\n')
            l++;
    long units = 0;
    while (pos < len && text[pos] != '\n' && units < ch) {
        unsigned char c = (unsigned char)text[pos];
        size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        units += s->utf8 ? (long)n : (n == 4 ? 2 : 1);
        pos += n;
    }
    return pos > len ? len : pos;
}

/* Offset of 1-based line in d's text, through its line index. */
static size_t line_offset(doc *d, unsigned line)
{
    if (d->nlines == 0) {
        size_t n = 1;
        for (size_t i = 0; i < d->len; i++)
            n += d->text[i] == '\n';
        free(d->lines);
        d->lines = malloc(n * sizeof *d->lines);
        if (d->lines == NULL)
            return 0;
        d->lines[0] = 0;
        for (size_t i = 0, k = 1; i < d->len; i++)
            if (d->text[i] == '\n')
                d->lines[k++] = i + 1;
        d->nlines = n;
    }
    return line >= 1 && line <= d->nlines ? d->lines[line - 1] : d->len;
}

/* The LSP character of 1-based byte column col on 1-based line of d. */
static long character_of(const server *s, doc *d, unsigned line, unsigned col)
{
    const char *text = d->text;
    size_t len = d->len;
    size_t pos = line_offset(d, line);
    if (s->utf8)
        return (long)col - 1;
    long units = 0;
    for (size_t i = 0; i + 1 < col && pos + i < len && text[pos + i] != '\n'; i++) {
        unsigned char c = (unsigned char)text[pos + i];
        if ((c & 0xC0) != 0x80)
            units += c >= 0xF0 ? 2 : 1;
    }
    return units;
}

json_t *lg__lsp_range(const server *s, doc *d, unsigned line, unsigned col, unsigned n)
{
    return json_pack("{s:{s:i, s:i}, s:{s:i, s:i}}",
        "start", "line", (int)line - 1, "character", (int)character_of(s, d, line, col),
        "end", "line", (int)line - 1, "character", (int)character_of(s, d, line, col + (n ? n : 1)));
}
