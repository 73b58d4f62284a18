package ingest

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httputil"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
	gowarc "github.com/nlnwa/gowarc/v3"
)

// warcSource reads a WARC or WARC.gz stream record by record with
// github.com/nlnwa/gowarc/v3 and yields the HTML and plain-text payloads of
// response records (HTTP headers parsed and stripped, chunked and compressed
// bodies decoded), plus resource and conversion records (WET) of those
// types. Other records, non-2xx responses and other media types are skipped.
// The WARC-Date is the fetch time, never the publication date. A broken
// record fails alone; a stream cut off mid-record ends with one failed item.
type warcSource struct {
	name string
	r    *gowarc.WarcFileReader
	opt  Options
	done bool
	pos  int64 // end of the last record read
	errs int   // consecutive broken records
}

// maxWARCErrors consecutive broken records end the stream: past that, the
// reader is scanning garbage.
const maxWARCErrors = 16

func newWARCSource(name string, rc io.ReadCloser, opt Options) (Source, error) {
	r, err := gowarc.NewWarcFileReaderFromStream(rc, 0,
		gowarc.WithBufferMaxMemBytes(8<<20),
		gowarc.WithBlockErrorPolicy(gowarc.ErrIgnore))
	if err != nil {
		rc.Close()
		return nil, err
	}
	return &warcSource{name: name, r: r, opt: opt}, nil
}

func (s *warcSource) Next(ctx context.Context) (d *RawDoc, err error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if s.done {
			return nil, io.EOF
		}
		rec, rerr := s.nextRecord()
		where := s.name + "@" + strconv.FormatInt(rec.Offset, 10)
		if rerr == io.EOF {
			s.done = true
			_ = rec.Close()
			return nil, io.EOF
		}
		if rerr != nil {
			_ = rec.Close()
			s.errs++
			end := rec.Offset + rec.Size
			msg := "broken WARC record"
			switch {
			case isTruncation(rerr):
				msg = "WARC record cut off (truncated file)"
				s.done = true
			case errors.Is(rerr, gowarc.ErrNoRecord):
				msg = "no WARC record in the rest of the file"
				s.done = true
			case end <= s.pos || s.errs >= maxWARCErrors:
				s.done = true // no progress: the rest cannot be read
			}
			s.pos = max(s.pos, end)
			return failed(KindWARC, where, "", fmt.Errorf("%s: %w", msg, rerr)), nil
		}
		s.errs = 0
		s.pos = rec.Offset + rec.Size
		d := s.convert(rec.WarcRecord, where)
		_ = rec.Close()
		if d != nil {
			return d, nil
		}
	}
}

// nextRecord calls the reader, turning a panic into an error: no input may
// take the process down.
func (s *warcSource) nextRecord() (rec gowarc.Record, err error) {
	defer func() {
		if p := recover(); p != nil {
			rec, err = gowarc.Record{Offset: s.pos}, fmt.Errorf("WARC reader failed: %v", p)
			s.done = true
		}
	}()
	return s.r.Next()
}

func isTruncation(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

func (s *warcSource) Close() error { return s.r.Close() }

// convert makes the RawDoc of one record, or nil when the record is skipped.
func (s *warcSource) convert(wr gowarc.WarcRecord, where string) *RawDoc {
	if wr == nil {
		return nil
	}
	h := wr.WarcHeader()
	r := &RawDoc{Kind: KindWARC, SourceName: where}
	r.ID = strings.Trim(h.Get(gowarc.WarcRecordID), "<>")
	if r.ID == "" {
		r.ID = StableID(where, "")
	}
	r.URL = strings.Trim(h.Get(gowarc.WarcTargetURI), "<>")
	if t, err := time.Parse(time.RFC3339Nano, h.Get(gowarc.WarcDate)); err == nil {
		r.Fetched = t.UTC().Format(time.RFC3339)
	}
	r.setMeta("warc_type", wr.Type().String())
	r.setMeta("warc_record_id", r.ID)
	idType := h.Get(gowarc.WarcIdentifiedPayloadType)

	var (
		body   io.Reader
		ctype  string
		header http.Header
	)
	switch wr.Type() {
	case gowarc.Response:
		blk, ok := wr.Block().(gowarc.HttpResponseBlock)
		if !ok {
			return nil // e.g. dns: or ftp responses
		}
		code := blk.HttpStatusCode()
		if code == 0 {
			return r.fail(errors.New("response record with an unparsable HTTP header"))
		}
		if code < 200 || code > 299 {
			return nil // redirects, errors: no article
		}
		if hp := blk.HttpHeader(); hp != nil {
			header = hp.Clone()
		} else {
			header = http.Header{}
		}
		// net/http moves Transfer-Encoding out of the parsed header; put
		// it back from the raw bytes.
		if te := rawHeader(blk.ProtocolHeaderBytes(), "transfer-encoding"); te != "" {
			header.Set("Transfer-Encoding", te)
		}
		ctype = header.Get("Content-Type")
		r.setMeta("http_status", strconv.Itoa(code))
		p, err := blk.PayloadBytes()
		if err != nil {
			return r.fail(err)
		}
		body = p
	case gowarc.Resource, gowarc.Conversion:
		ctype = h.Get(gowarc.ContentType)
		p, err := wr.Block().RawBytes()
		if err != nil {
			return r.fail(err)
		}
		body = p
	default:
		return nil
	}
	if idType != "" {
		r.setMeta("warc_payload_type", idType)
	}
	kind := mediaKind(ctype)
	if kind == "" && ctype == "" {
		kind = mediaKind(idType)
	}
	if kind == "" && ctype != "" {
		return nil // images, PDFs, scripts …
	}
	r.setMeta("http_content_type", ctype)
	if header != nil {
		var err error
		body, err = decodeHTTPBody(body, header)
		if err != nil {
			return r.fail(err)
		}
	}
	data, err := readCapped(body, s.opt.MaxBytes)
	if err != nil {
		return r.fail(fmt.Errorf("reading payload: %w", err))
	}
	if kind == "" { // nothing declared: go by the bytes
		switch Sniff(data) {
		case FormatHTML:
			kind = TypeHTML
		case FormatText:
			kind = TypeText
		default:
			return nil
		}
	}
	if err := r.setBody(data, kind); err != nil {
		return r.fail(err)
	}
	if kind == TypeHTML {
		r.Title = htmlTitle(data, r.Meta["http_content_type"])
	}
	return r
}

// mediaKind maps a Content-Type to TypeHTML, TypeText or "" (not a document).
func mediaKind(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	}
	switch mt {
	case "text/html", "application/xhtml+xml":
		return TypeHTML
	case "text/plain":
		return TypeText
	}
	return ""
}

// decodeHTTPBody undoes Transfer-Encoding: chunked and Content-Encoding
// (gzip, deflate, br, zstd) as the archived bytes carry them. Common Crawl
// stores bodies decoded and renames the headers to X-Crawler-*, so those
// are not looked at.
func decodeHTTPBody(body io.Reader, h http.Header) (io.Reader, error) {
	for _, te := range h.Values("Transfer-Encoding") {
		if strings.Contains(strings.ToLower(te), "chunked") {
			br := bufio.NewReader(body)
			// Some crawlers store the body de-chunked but keep the header:
			// only de-chunk what starts like a chunk size line.
			if peek, _ := br.Peek(18); looksChunked(peek) {
				body = httputil.NewChunkedReader(br)
			} else {
				body = br
			}
		}
	}
	for _, ce := range h.Values("Content-Encoding") {
		for _, enc := range strings.Split(ce, ",") {
			switch strings.ToLower(strings.TrimSpace(enc)) {
			case "", "identity":
			case "gzip", "x-gzip":
				br := bufio.NewReader(body)
				if peek, _ := br.Peek(2); len(peek) == 2 && peek[0] == 0x1f && peek[1] == 0x8b {
					zr, err := gzip.NewReader(br)
					if err != nil {
						return nil, fmt.Errorf("gzip body: %w", err)
					}
					body = zr
				} else {
					body = br // stored decoded
				}
			case "deflate":
				br := bufio.NewReader(body)
				if peek, _ := br.Peek(2); len(peek) == 2 && (uint16(peek[0])<<8|uint16(peek[1]))%31 == 0 && peek[0]&0x0f == 8 {
					zr, err := zlib.NewReader(br)
					if err != nil {
						return nil, fmt.Errorf("deflate body: %w", err)
					}
					body = zr
				} else {
					body = flate.NewReader(br)
				}
			case "br":
				body = brotli.NewReader(body)
			case "zstd":
				zr, err := zstd.NewReader(body, zstd.WithDecoderConcurrency(1))
				if err != nil {
					return nil, fmt.Errorf("zstd body: %w", err)
				}
				body = zr.IOReadCloser()
			default:
				return nil, fmt.Errorf("unsupported Content-Encoding %q", enc)
			}
		}
	}
	return body, nil
}

func looksChunked(p []byte) bool {
	i := bytes.Index(p, []byte("\r\n"))
	if i <= 0 {
		return false
	}
	size := p[:i]
	if j := bytes.IndexByte(size, ';'); j >= 0 {
		size = size[:j]
	}
	_, err := strconv.ParseUint(string(bytes.TrimSpace(size)), 16, 64)
	return err == nil
}

// rawHeader returns the value of a header field in raw HTTP header bytes.
func rawHeader(hb []byte, name string) string {
	for _, line := range bytes.Split(hb, []byte("\n")) {
		k, v, ok := bytes.Cut(line, []byte(":"))
		if ok && strings.EqualFold(string(bytes.TrimSpace(k)), name) {
			return string(bytes.TrimSpace(v))
		}
	}
	return ""
}

// fail turns a RawDoc into a failed item that keeps what is known of it.
func (r *RawDoc) fail(err error) *RawDoc {
	f := failed(r.Kind, r.SourceName, r.ID, err)
	f.URL, f.Fetched, f.Meta = r.URL, r.Fetched, r.Meta
	return f
}
