package listfmt

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// File is a list read from disk with what an operator needs to know about
// the copy that was loaded.
type File struct {
	List *List
	// Paths are the files read: one, or the CSV trio's primary, address
	// and alias files, or an FtM export and its index.json.
	Paths []string
	// Hashes are the hex SHA-256 of each of Paths (what sha256sum prints).
	Hashes []string
	// SHA256 identifies the loaded copy: Hashes[0] for one file; for
	// several, the SHA-256 of their Hashes joined by newlines.
	SHA256  string
	Bytes   int64
	ModTime time.Time // newest modification time of Paths
}

// ReadFile reads and parses one list file, sniffing its format when f is
// "". For the CSV trio it reads add.csv and alt.csv (cons_add.csv and
// cons_alt.csv) beside the primary file when they exist; for an FtM export,
// index.json beside it. A file that states no publication date is dated by
// its modification time (PublishedFrom "file-mtime").
func ReadFile(path string, f Format, lim Limits) (*File, error) {
	lim = lim.withDefaults()
	out := &File{}
	data, err := out.read(path, lim)
	if err != nil {
		return nil, err
	}
	if f == "" {
		if f, err = Sniff(data); err != nil {
			return nil, &Error{Pos: Pos{File: path}, Msg: err.Error()}
		}
	}
	p := newParser(path, lim)
	var l *List
	switch f {
	case FormatOFACCSV:
		l, err = out.readCSV(p, path, data, lim)
	case FormatFtM:
		meta, metaPath, merr := readFtMMeta(path)
		if merr != nil {
			return nil, &Error{Pos: Pos{File: metaPath}, Msg: fmt.Sprintf("dataset metadata: %v", merr)}
		}
		if metaPath != "" {
			if _, err := out.read(metaPath, lim); err != nil {
				return nil, err
			}
		}
		l = p.ftm(data, meta)
	default:
		return out.finish(Parse(path, data, f, lim))
	}
	if err != nil {
		return nil, err
	}
	return out.finish(p.finish(l))
}

func (out *File) finish(l *List, err error) (*File, error) {
	if err != nil {
		return nil, err
	}
	if l.Published.IsZero() {
		l.Published, l.PublishedFrom = out.ModTime.UTC(), "file-mtime"
	}
	out.SHA256 = out.Hashes[0]
	if len(out.Hashes) > 1 {
		sum := sha256.Sum256([]byte(strings.Join(out.Hashes, "\n")))
		out.SHA256 = hex.EncodeToString(sum[:])
	}
	out.List = l
	return out, nil
}

// read reads one file within the size limit and records it.
func (out *File) read(path string, lim Limits) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &Error{Pos: Pos{File: path}, Msg: "not a regular file"}
	}
	if st.Size() > lim.MaxBytes {
		return nil, &Error{Pos: Pos{File: path}, Msg: fmt.Sprintf("file is %d bytes, over the limit of %d", st.Size(), lim.MaxBytes)}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	out.Paths = append(out.Paths, path)
	out.Hashes = append(out.Hashes, hex.EncodeToString(sum[:]))
	out.Bytes += int64(len(data))
	if st.ModTime().After(out.ModTime) {
		out.ModTime = st.ModTime()
	}
	return data, nil
}

// readCSV reads the trio's sibling files, named after the primary file.
func (out *File) readCSV(p *parser, path string, prim []byte, lim Limits) (*List, error) {
	dir, base := filepath.Split(path)
	add, alt := "add.csv", "alt.csv"
	if strings.HasPrefix(strings.ToLower(base), "cons_") {
		add, alt = "cons_add.csv", "cons_alt.csv"
	}
	f := csvFiles{prim: prim, primName: path, addName: filepath.Join(dir, add), altName: filepath.Join(dir, alt)}
	for _, sib := range []struct {
		name string
		data *[]byte
	}{{f.addName, &f.add}, {f.altName, &f.alt}} {
		if _, err := os.Stat(sib.name); os.IsNotExist(err) {
			continue
		}
		data, err := out.read(sib.name, lim)
		if err != nil {
			return nil, err
		}
		*sib.data = data
	}
	return p.ofacCSV(f), nil
}
