package listfmt

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path"
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

	fsys fs.FS
}

// ReadFile reads and parses one list file, sniffing its format when f is
// "". For the CSV trio it reads add.csv and alt.csv (cons_add.csv and
// cons_alt.csv) beside the primary file when they exist; for an FtM export,
// index.json beside it. A file that states no publication date is dated by
// its modification time (PublishedFrom "file-mtime").
func ReadFile(path string, f Format, lim Limits) (*File, error) {
	return ReadFS(nil, path, f, lim)
}

// ReadFS is ReadFile on a file system: fsys nil is the operating system's
// (paths as the OS takes them), else paths are fs.FS paths (an embedded
// sample list, a test's fstest.MapFS).
func ReadFS(fsys fs.FS, path string, f Format, lim Limits) (*File, error) {
	lim = lim.withDefaults()
	out := &File{fsys: fsys}
	data, err := out.read(path, lim)
	if err != nil {
		return nil, err
	}
	if f == "" {
		if f, err = Sniff(data); err != nil {
			return nil, fileError(path, "%s", err)
		}
	}
	p := newParser(path, lim)
	var l *List
	switch f {
	case FormatOFACCSV:
		l, err = out.readCSV(p, path, data, lim)
	case FormatFtM:
		meta, metaPath, merr := out.readFtMMeta(path)
		if merr != nil {
			return nil, fileError(metaPath, "dataset metadata: %v", merr)
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
	st, err := out.stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fileError(path, "not a regular file")
	}
	if st.Size() > lim.MaxBytes {
		return nil, fileError(path, "file is %d bytes, over the limit of %d", st.Size(), lim.MaxBytes)
	}
	data, err := out.readAll(path)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > lim.MaxBytes { // grew since stat
		return nil, fileError(path, "file is over the limit of %d bytes", lim.MaxBytes)
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
	dir, base := out.split(path)
	add, alt := "add.csv", "alt.csv"
	if strings.HasPrefix(strings.ToLower(base), "cons_") {
		add, alt = "cons_add.csv", "cons_alt.csv"
	}
	f := csvFiles{prim: prim, primName: path, addName: out.join(dir, add), altName: out.join(dir, alt)}
	for _, sib := range []struct {
		name string
		data *[]byte
	}{{f.addName, &f.add}, {f.altName, &f.alt}} {
		if _, err := out.stat(sib.name); errors.Is(err, fs.ErrNotExist) {
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

func (out *File) stat(name string) (fs.FileInfo, error) {
	if out.fsys == nil {
		return os.Stat(name)
	}
	return fs.Stat(out.fsys, name)
}

func (out *File) readAll(name string) ([]byte, error) {
	if out.fsys == nil {
		return os.ReadFile(name)
	}
	return fs.ReadFile(out.fsys, name)
}

func (out *File) split(name string) (dir, base string) {
	if out.fsys == nil {
		return filepath.Split(name)
	}
	return path.Split(name)
}

func (out *File) join(dir, base string) string {
	if out.fsys == nil {
		return filepath.Join(dir, base)
	}
	return path.Join(dir, base)
}
