// Package site writes the pages of a static, offline web site: the page shell
// (language, skip link, site navigation, banners, footer), the style sheet and the
// escaping of text. It knows nothing of evaluations: templates/webreport.go fills
// the pages of dteval's web edition (网页版/) from the report model.
//
// Every page stands on its own in a folder opened from disk or uploaded as it is:
// no external resource (script, style, font, image, url(), @import), the only
// files referenced are the folder's own (style.css, sort.js and the pages), the
// system's Chinese fonts through a CSS font stack. Pages are complete without
// JavaScript; sort.js only makes tables sortable.
package site

import (
	_ "embed"
	"strings"
)

// StyleFile is the name of the style sheet every page links.
const StyleFile = "style.css"

// Style is the style sheet (screen, narrow screens and print).
//
//go:embed style.css
var Style []byte

// ScriptFile is the name of the script every page loads (deferred).
const ScriptFile = "sort.js"

// Script makes the tables sortable by a column; the pages are complete without
// it (no content is made by script) and it sets no inline handler, so a strict
// Content-Security-Policy (script-src 'self') allows it.
//
//go:embed sort.js
var Script []byte

// Link is a link in the navigation or a breadcrumb.
type Link struct {
	Href, Text string
}

// Site is what every page shares.
type Site struct {
	Title   string   // the site's title (the report's)
	Nav     []Link   // site navigation, on every page
	Banners []string // marks shown at the top of every page (征求意见稿, 示例数据)
	Footer  []string // lines of the footer
}

// Page is one page.
type Page struct {
	File   string // file name in the folder, e.g. index.html
	Title  string // the page's h1 (and its <title> with the site's)
	Crumbs []Link // the path from the home page, without the page itself
	Body   string // HTML after the h1
}

// Render writes a page.
func (s *Site) Render(p Page) []byte {
	var b strings.Builder
	b.Grow(len(p.Body) + 2048)
	b.WriteString("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>")
	if p.Title != s.Title {
		b.WriteString(Escape(p.Title) + " - ")
	}
	b.WriteString(Escape(s.Title) + "</title>\n")
	b.WriteString("<link rel=\"stylesheet\" href=\"" + StyleFile + "\">\n")
	b.WriteString("<script src=\"" + ScriptFile + "\" defer></script>\n</head>\n<body>\n")
	b.WriteString("<a class=\"skip\" href=\"#main\">跳到正文</a>\n")
	b.WriteString("<header class=\"site\">\n<p class=\"site-title\"><a href=\"index.html\">" + Escape(s.Title) + "</a></p>\n")
	if len(s.Nav) > 0 {
		b.WriteString("<nav aria-label=\"网站导航\"><ul>")
		for _, l := range s.Nav {
			b.WriteString("<li><a href=\"" + Escape(l.Href) + "\"")
			if l.Href == p.File {
				b.WriteString(" aria-current=\"page\"")
			}
			b.WriteString(">" + Escape(l.Text) + "</a></li>")
		}
		b.WriteString("</ul></nav>\n")
	}
	b.WriteString("</header>\n")
	b.WriteString("<main id=\"main\" tabindex=\"-1\">\n")
	for _, m := range s.Banners {
		b.WriteString("<p class=\"banner\" role=\"note\">" + Escape(m) + "</p>\n")
	}
	if len(p.Crumbs) > 0 {
		b.WriteString("<nav class=\"crumbs\" aria-label=\"当前位置\"><ol>")
		for _, l := range p.Crumbs {
			b.WriteString("<li><a href=\"" + Escape(l.Href) + "\">" + Escape(l.Text) + "</a></li>")
		}
		b.WriteString("<li aria-current=\"page\">" + Escape(p.Title) + "</li></ol></nav>\n")
	}
	b.WriteString("<h1>" + Escape(p.Title) + "</h1>\n")
	b.WriteString(p.Body)
	b.WriteString("</main>\n<footer class=\"site\">\n")
	for _, l := range s.Footer {
		b.WriteString("<p>" + Escape(l) + "</p>\n")
	}
	b.WriteString("</footer>\n</body>\n</html>\n")
	return []byte(b.String())
}

// Escape escapes text for HTML content and attribute values.
func Escape(s string) string { return escaper.Replace(s) }

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")
