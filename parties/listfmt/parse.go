package listfmt

import (
	"bytes"
	"fmt"
)

// Limits bound the work a list file may cause. A file past a limit is
// refused with a positioned error, never truncated.
type Limits struct {
	// MaxBytes is the largest file accepted. Default 1 GiB (OFAC's full
	// sdn.xml is about 100 MB, OpenSanctions' default collection a few GB
	// and is meant to be filtered to sanctions first).
	MaxBytes int64
	// MaxEntries is the most entries one file may hold. Default 2,000,000.
	MaxEntries int
	// MaxNames is the most names (primary and aliases) of one entry.
	// Default 1,000.
	MaxNames int
	// MaxField is the longest name or address, in bytes. Default 4,096.
	MaxField int
	// MaxErrors is how many errors one file reports before stopping.
	// Default 100.
	MaxErrors int
}

// withDefaults fills zero fields with their defaults.
func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = 1 << 30
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = 2_000_000
	}
	if l.MaxNames <= 0 {
		l.MaxNames = 1000
	}
	if l.MaxField <= 0 {
		l.MaxField = 4096
	}
	if l.MaxErrors <= 0 {
		l.MaxErrors = 100
	}
	return l
}

// Parse parses one list file held in data; name is used in error
// positions. The legacy CSV trio needs its sibling files: use ReadFile or
// ParseOFACCSV for it. A file with any error is refused as a whole: Parse
// returns a nil List and an *ErrorList with every problem found.
func Parse(name string, data []byte, f Format, lim Limits) (*List, error) {
	lim = lim.withDefaults()
	if int64(len(data)) > lim.MaxBytes {
		return nil, fileError(name, "file is %d bytes, over the limit of %d", len(data), lim.MaxBytes)
	}
	p := newParser(name, lim)
	var l *List
	switch f {
	case FormatOFACXML:
		l = p.ofacXML(data)
	case FormatUNXML:
		l = p.unXML(data)
	case FormatEUXML:
		l = p.euXML(data)
	case FormatFtM:
		l = p.ftm(data, nil)
	case FormatCurated:
		l = p.curated(data)
	case FormatOFACCSV:
		l = p.ofacCSV(csvFiles{prim: data, primName: name})
	default:
		return nil, fileError(name, "unknown list format %q", f)
	}
	return p.finish(l)
}

// Sniff names the format of a list file from its first bytes, or returns an
// error saying what it looked like.
func Sniff(data []byte) (Format, error) {
	head := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	switch {
	case len(head) == 0:
		return "", fmt.Errorf("empty file")
	case head[0] == '<':
		switch rootElement(head) {
		case "sdnList":
			return FormatOFACXML, nil
		case "CONSOLIDATED_LIST":
			return FormatUNXML, nil
		case "export":
			return FormatEUXML, nil
		case "":
			return "", fmt.Errorf("XML without a root element")
		default:
			return "", fmt.Errorf("XML root element <%s> is none of sdnList (OFAC), CONSOLIDATED_LIST (UN), export (EU)", rootElement(head))
		}
	case head[0] == '{':
		return FormatFtM, nil
	case head[0] >= '0' && head[0] <= '9':
		return FormatOFACCSV, nil
	case yamlKey(head, "entries") && yamlKey(head, "list"):
		return FormatCurated, nil
	}
	return "", fmt.Errorf("not a list format this version reads (OFAC XML or CSV, UN XML, EU FSF XML, FollowTheMoney JSON lines, curated YAML)")
}

// rootElement returns the local name of the first start tag in head.
func rootElement(head []byte) string {
	for i := 0; i < len(head); i++ {
		if head[i] != '<' || i+1 >= len(head) {
			continue
		}
		c := head[i+1]
		if c == '?' || c == '!' || c == '/' {
			continue
		}
		j := i + 1
		for j < len(head) && !bytes.ContainsRune([]byte(" \t\r\n/>"), rune(head[j])) {
			j++
		}
		name := string(head[i+1 : j])
		if k := bytes.IndexByte([]byte(name), ':'); k >= 0 {
			name = name[k+1:]
		}
		return name
	}
	return ""
}

// yamlKey reports whether head has a top-level YAML key named key.
func yamlKey(head []byte, key string) bool {
	for _, line := range bytes.Split(head, []byte("\n")) {
		if bytes.HasPrefix(line, []byte(key+":")) {
			return true
		}
	}
	return false
}
