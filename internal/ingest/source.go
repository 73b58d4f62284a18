package ingest

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Source yields documents one at a time. Next returns io.EOF after the last
// one. A document that failed comes back as a RawDoc with Err set; Next
// returns an error only when the source itself cannot be read on.
type Source interface {
	Next(ctx context.Context) (*RawDoc, error)
	Close() error
}

// DefaultMaxBytes is the default size limit of one document.
const DefaultMaxBytes = 50 << 20

// Options configure Open and the Fetcher.
type Options struct {
	// MaxBytes caps one document: a text or HTML file, a JSONL line, a WARC
	// record's body, a feed file, a fetched body. Larger ones are skipped
	// with ErrTooLarge. Containers (JSONL, WARC, directories) stream and
	// have no total limit. Default DefaultMaxBytes.
	MaxBytes int64
	// AllowPrivate lets the fetcher connect to loopback, private,
	// link-local, unspecified and multicast addresses.
	AllowPrivate bool
	UserAgent    string        // default DefaultUserAgent
	Timeout      time.Duration // per HTTP request, body included; default 30s
	MaxRedirects int           // default 5; negative: follow none
	// PerHostDelay is the least time between two requests to one host;
	// default 1s, negative: none. A longer robots.txt Crawl-delay (up to
	// 30s) wins.
	PerHostDelay time.Duration
	// FetchItems makes feed sources fetch each item's link and yield the
	// page instead of the feed's own content.
	FetchItems bool
	// Stdin is read for the spec "-"; default os.Stdin.
	Stdin io.Reader
	// HTTPClient replaces the fetcher's client (tests); it is used as is,
	// so the address guard and redirect limit are its owner's business.
	HTTPClient *http.Client
	// Fetcher shares one fetcher (robots cache, politeness) across Opens;
	// made from these options when nil.
	Fetcher *Fetcher
	// Now is the clock for fetch times; time.Now when nil.
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = 5
	}
	if o.PerHostDelay == 0 {
		o.PerHostDelay = time.Second
	}
	if o.Stdin == nil {
		o.Stdin = os.Stdin
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

func (o Options) fetcher() *Fetcher {
	if o.Fetcher != nil {
		return o.Fetcher
	}
	return NewFetcher(o)
}

// Open opens a source by its spec: "-" for stdin (JSONL, text, HTML, a feed
// or a WARC, by sniffing), an http(s) URL (a feed becomes its items, a page
// one document), a directory (recursive, in sorted order, files chosen by
// extension) or a file (by extension, settled by sniffing its content).
func Open(ctx context.Context, spec string, opt Options) (Source, error) {
	opt = opt.withDefaults()
	switch {
	case spec == "-":
		return openStream(ctx, "-", io.NopCloser(opt.Stdin), FormatUnknown, -1, opt)
	case strings.HasPrefix(spec, "http://") || strings.HasPrefix(spec, "https://"):
		return openURL(ctx, spec, opt)
	case strings.Contains(spec, "://"):
		if _, err := os.Stat(spec); err != nil {
			return nil, fmt.Errorf("%s: unsupported URL scheme (http and https are read)", spec)
		}
	}
	st, err := os.Stat(spec)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return newDirSource(filepath.Clean(spec), opt)
	}
	return openFile(ctx, filepath.Clean(spec), st, opt)
}

// OpenAll opens several specs as one source, in order. A spec that cannot be
// opened becomes a failed item, so one bad argument does not stop the rest.
func OpenAll(ctx context.Context, specs []string, opt Options) Source {
	opt = opt.withDefaults()
	if opt.Fetcher == nil {
		opt.Fetcher = NewFetcher(opt)
	}
	return &multiSource{specs: specs, opt: opt}
}

type multiSource struct {
	specs []string
	opt   Options
	cur   Source
}

func (m *multiSource) Next(ctx context.Context) (*RawDoc, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if m.cur != nil {
			r, err := m.cur.Next(ctx)
			if err != io.EOF {
				if err != nil && ctx.Err() == nil {
					// This source broke off; report it and go on with the next.
					_ = m.cur.Close()
					m.cur = nil
					spec := m.specs[0]
					m.specs = m.specs[1:]
					return failed("", spec, "", err), nil
				}
				return r, err
			}
			_ = m.cur.Close()
			m.cur = nil
			m.specs = m.specs[1:]
		}
		if len(m.specs) == 0 {
			return nil, io.EOF
		}
		s, err := Open(ctx, m.specs[0], m.opt)
		if err != nil {
			spec := m.specs[0]
			m.specs = m.specs[1:]
			// The item error names the spec already.
			var pe *fs.PathError
			var fe *FetchError
			if errors.As(err, &pe) && pe.Path == spec {
				err = pe.Err
			} else if errors.As(err, &fe) && fe.URL == spec {
				err = fe.Err
			}
			kind := kindOf(FormatByExt(spec))
			if strings.HasPrefix(spec, "http://") || strings.HasPrefix(spec, "https://") {
				kind = KindURL
			}
			if e := err.Error(); strings.HasPrefix(e, spec+": ") {
				err = &stripped{msg: strings.TrimPrefix(e, spec+": "), err: err}
			}
			return failed(kind, spec, "", err), nil
		}
		m.cur = s
	}
}

func (m *multiSource) Close() error {
	if m.cur != nil {
		return m.cur.Close()
	}
	return nil
}

// openFile opens one file by its extension, or by sniffing when the
// extension does not say.
func openFile(ctx context.Context, name string, st os.FileInfo, opt Options) (Source, error) {
	format := FormatByExt(name)
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if gzipped(name, format) {
		zr, err := gzip.NewReader(bufio.NewReader(f))
		if err != nil {
			f.Close()
			return single(failed(kindOf(format), name, "", fmt.Errorf("not gzip: %w", err))), nil
		}
		// Size unknown until read: the caps apply while reading.
		return openStream(ctx, name, &readCloser{Reader: zr, Closer: f}, format, -1, opt)
	}
	return openStream(ctx, name, f, format, st.Size(), opt)
}

// openStream dispatches a byte stream to the reader of its format. format
// comes from the extension (FormatUnknown: sniff); size is -1 when unknown.
func openStream(ctx context.Context, name string, rc io.ReadCloser, format Format, size int64, opt Options) (Source, error) {
	br := bufio.NewReaderSize(rc, 64<<10)
	head, err := br.Peek(sniffLen)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) && len(head) == 0 {
		rc.Close()
		return nil, err
	}
	sniffed := Sniff(head)
	if format == FormatUnknown || format == FormatFeed {
		// .xml and .json say little: a .json may be JSONL, a .xml may be
		// no feed at all.
		switch {
		case format == FormatFeed && sniffed == FormatJSONL && strings.HasSuffix(strings.ToLower(name), ".json"):
			format = FormatJSONL
		case format == FormatFeed && sniffed != FormatFeed && sniffed != FormatEmpty && sniffed != FormatBinary:
			rc.Close()
			return single(failed(KindFeed, name, "", errors.New("not an RSS, Atom, RDF or JSON feed"))), nil
		case format == FormatUnknown:
			format = sniffed
		}
	}
	switch sniffed {
	case FormatEmpty:
		rc.Close()
		return single(failed(kindOf(format), name, "", ErrEmpty)), nil
	case FormatBinary:
		if format != FormatWARC {
			rc.Close()
			return single(failed(kindOf(format), name, "", fmt.Errorf("%w: %s", ErrBinary, binaryReason(head)))), nil
		}
	}
	if size > opt.MaxBytes && format != FormatJSONL && format != FormatWARC {
		// One document (or one feed) over the limit: skip it unread.
		rc.Close()
		return single(failed(kindOf(format), name, "", fmt.Errorf("%w: %d bytes > %d", ErrTooLarge, size, opt.MaxBytes))), nil
	}
	body := &readCloser{Reader: br, Closer: rc}
	switch format {
	case FormatJSONL:
		return newJSONLSource(name, body, opt), nil
	case FormatWARC:
		return newWARCSource(name, body, opt)
	case FormatFeed:
		defer rc.Close()
		data, err := readCapped(br, opt.MaxBytes)
		if err != nil {
			return single(failed(KindFeed, name, "", err)), nil
		}
		items, err := ParseFeed(data, name)
		if err != nil {
			return single(failed(KindFeed, name, "", err)), nil
		}
		return newFeedSource(items, opt), nil
	default: // text, html
		defer rc.Close()
		kind := KindText
		ct := TypeText
		if format == FormatHTML {
			kind, ct = KindHTML, TypeHTML
		}
		data, err := readCapped(br, opt.MaxBytes)
		if err != nil {
			return single(failed(kind, name, "", err)), nil
		}
		if isUTF16(data) {
			data = decodeUTF16(data)
		}
		r := &RawDoc{ID: StableID(name, ""), Kind: kind, SourceName: name}
		if err := r.setBody(data, ct); err != nil {
			return single(failed(kind, name, r.ID, err)), nil
		}
		if ct == TypeHTML {
			r.Title = htmlTitle(data, r.Meta["http_content_type"])
		}
		return single(r), nil
	}
}

// gzipped reports whether a file is read through gzip: a .gz that is not a
// WARC (whose reader handles per-record gzip members itself).
func gzipped(name string, f Format) bool {
	return f != FormatWARC && strings.HasSuffix(strings.ToLower(name), ".gz")
}

func kindOf(f Format) string {
	switch f {
	case FormatHTML:
		return KindHTML
	case FormatJSONL:
		return KindJSONL
	case FormatFeed:
		return KindFeed
	case FormatWARC:
		return KindWARC
	}
	return KindText
}

type readCloser struct {
	io.Reader
	io.Closer
}

// readCapped reads all of r, or fails with ErrTooLarge past max bytes.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return data, nil
}

// singleSource yields one RawDoc.
type singleSource struct{ r *RawDoc }

func single(r *RawDoc) Source { return &singleSource{r: r} }

func (s *singleSource) Next(ctx context.Context) (*RawDoc, error) {
	if s.r == nil {
		return nil, io.EOF
	}
	r := s.r
	s.r = nil
	return r, nil
}

func (s *singleSource) Close() error { return nil }

// dirSource walks a directory depth-first in name order, one file at a
// time: memory grows with the depth and the widest directory, not with the
// number of files.
type dirSource struct {
	opt     Options
	stack   []*dirLevel
	cur     Source
	curPath string
	err     error
	errPath string
}

type dirLevel struct {
	path    string
	entries []os.DirEntry
}

func newDirSource(root string, opt Options) (*dirSource, error) {
	d := &dirSource{opt: opt}
	d.push(root)
	if d.err != nil {
		return nil, d.err
	}
	return d, nil
}

func (d *dirSource) push(path string) {
	es, err := os.ReadDir(path) // sorted by name
	if err != nil {
		d.err, d.errPath = err, path
	}
	d.stack = append(d.stack, &dirLevel{path: path, entries: es})
}

func (d *dirSource) Next(ctx context.Context) (*RawDoc, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if d.err != nil {
			err := d.err
			d.err = nil
			return failed("", d.errPath, "", err), nil
		}
		if d.cur != nil {
			r, err := d.cur.Next(ctx)
			if err == nil {
				return r, nil
			}
			_ = d.cur.Close()
			d.cur = nil
			if err != io.EOF {
				if ctx.Err() != nil {
					return nil, err
				}
				return failed("", d.curPath, "", err), nil
			}
		}
		if len(d.stack) == 0 {
			return nil, io.EOF
		}
		top := d.stack[len(d.stack)-1]
		if len(top.entries) == 0 {
			d.stack = d.stack[:len(d.stack)-1]
			continue
		}
		e := top.entries[0]
		top.entries = top.entries[1:]
		if strings.HasPrefix(e.Name(), ".") {
			continue // .git, .DS_Store, editor files
		}
		path := filepath.Join(top.path, e.Name())
		if e.IsDir() {
			d.push(path)
			continue
		}
		if FormatByExt(path) == FormatUnknown {
			continue
		}
		st, err := os.Stat(path) // follows symlinks to files
		if err != nil {
			return failed("", path, "", err), nil
		}
		if !st.Mode().IsRegular() {
			continue
		}
		s, err := openFile(ctx, path, st, d.opt)
		if err != nil {
			return failed(kindOf(FormatByExt(path)), path, "", err), nil
		}
		d.cur, d.curPath = s, path
	}
}

func (d *dirSource) Close() error {
	if d.cur != nil {
		return d.cur.Close()
	}
	return nil
}

// stripped is an error whose message drops the source name the item error
// already shows, and still unwraps to the original.
type stripped struct {
	msg string
	err error
}

func (e *stripped) Error() string { return e.msg }
func (e *stripped) Unwrap() error { return e.err }
