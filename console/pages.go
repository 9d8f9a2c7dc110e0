package console

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/precursorwatch/precursor/console/disposition"
	"github.com/precursorwatch/precursor/rules"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages are the parsed templates, one set per page (each with base.html).
type pages struct {
	byName map[string]*template.Template
}

var pageNames = []string{"queue", "alert", "login", "rules", "error"}

func parsePages() (*pages, error) {
	p := &pages{byName: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(templateFuncs).ParseFS(templateFS, "templates/base.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("console templates: %w", err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// page is what every template gets: the page's data and the frame.
type page struct {
	Title   string
	Analyst string
	CSRF    string
	Nav     string // the active navigation entry
	Data    any
}

// render executes a page into a buffer first, so a template error never
// sends half a page.
func (p *pages) render(w http.ResponseWriter, status int, name string, pg page) {
	var buf bytes.Buffer
	if err := p.byName[name].ExecuteTemplate(&buf, "base", pg); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

var templateFuncs = template.FuncMap{
	"score": func(s float64) string { return strconv.FormatFloat(rules.RoundedScore(s), 'f', 0, 64) },
	"time":  func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") },
	"date":  func(t time.Time) string { return t.UTC().Format("2006-01-02") },
	"num": func(f float64) string {
		return strconv.FormatFloat(f, 'f', -1, 64)
	},
	"outcome": func(s string) string {
		if s == "open" {
			return "Open"
		}
		return disposition.Outcome(s).Label()
	},
	"join":  strings.Join,
	"upper": strings.ToUpper,
	"pct": func(p float64) string {
		return strconv.FormatFloat(100*p, 'f', 0, 64) + "%"
	},
}

func staticFiles() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}
