package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"strconv"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// A state file is one header line, then the state document:
//
//	mockdex-state-file 1 sha256:<64 hex> bytes:<16 digits> log:<16 digits> crc:<8 hex>
//	{"format":"mockdex-state",...}
//
// sha256 and bytes are the document's (everything after the line); log
// is the first log file whose changes the document does not hold; crc
// is the CRC-32C of the line up to " crc:". A file whose line or
// document fails them, or that holds anything after its document, is
// refused: a changed bit is never loaded as changed data.
const (
	sealMagic = "mockdex-state-file 1"
	// sealLen is the header line's length, newline included: fixed, so
	// the writer streams the document first and writes the line last.
	sealLen = len(sealMagic) + len(" sha256:") + 64 + len(" bytes:") + 16 + len(" log:") + 16 + len(" crc:") + 8 + 1
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// seal is what a state file's header says.
type seal struct {
	sum   [sha256.Size]byte
	bytes int64
	log   uint64 // the first log file after the document
}

func (s seal) line() []byte {
	body := fmt.Sprintf("%s sha256:%s bytes:%016d log:%016d", sealMagic, hex.EncodeToString(s.sum[:]), s.bytes, s.log)
	return fmt.Appendf(nil, "%s crc:%08x\n", body, crc32.Checksum([]byte(body), castagnoli))
}

// parseSeal reads a header line; it must be exactly what line() writes
// for the values it holds.
func parseSeal(line []byte) (seal, error) {
	var s seal
	bad := errors.New("its header line is damaged (the file changed after mockdex wrote it)")
	if len(line) != sealLen {
		return s, bad
	}
	text := string(line)
	const sumAt = len(sealMagic) + len(" sha256:")
	bytesAt := sumAt + 64 + len(" bytes:")
	logAt := bytesAt + 16 + len(" log:")
	if _, err := hex.Decode(s.sum[:], line[sumAt:sumAt+64]); err != nil {
		return s, bad
	}
	n, err1 := strconv.ParseInt(text[bytesAt:bytesAt+16], 10, 64)
	l, err2 := strconv.ParseUint(text[logAt:logAt+16], 10, 64)
	if err1 != nil || err2 != nil || n < 0 {
		return s, bad
	}
	s.bytes, s.log = n, l
	if string(s.line()) != text {
		return s, bad
	}
	return s, nil
}

// countingWriter counts what passes through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeSealed writes doc to f as a state file whose changes end before
// log file logSeq: the document streamed (hashed on the way), then the
// header line written at its place.
func writeSealed(f *os.File, doc *statedoc.Document, logSeq uint64) (int64, error) {
	if _, err := f.Write(make([]byte, sealLen)); err != nil {
		return 0, err
	}
	sum := sha256.New()
	out := &countingWriter{w: io.MultiWriter(f, sum)}
	if err := statedoc.Encode(out, doc); err != nil {
		return 0, err
	}
	s := seal{bytes: out.n, log: logSeq}
	sum.Sum(s.sum[:0])
	if _, err := f.WriteAt(s.line(), 0); err != nil {
		return 0, err
	}
	return int64(sealLen) + out.n, nil
}

// ReadState reads a state document as a state file holds it (checked
// against its header line) or bare, streaming: PUT /_mockdex/state takes
// either, so a saved file can be sent as it is.
func ReadState(r io.Reader, opts statedoc.DecodeOptions) (*statedoc.Document, error) {
	doc, _, _, err := readSealed(r, opts)
	return doc, err
}

// readSealed reads a state file from r: a sealed one, or a bare document
// (what an export is, or a file of an earlier mockdex), which carries no
// checksum and says so in unsealed. The document is decoded as it
// streams in (opts), and given back only once its checksum matched.
func readSealed(r io.Reader, opts statedoc.DecodeOptions) (doc *statedoc.Document, logSeq uint64, unsealed bool, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	first, err := br.Peek(1)
	switch {
	case err == io.EOF:
		return nil, 0, false, statedoc.Invalid("document", "is empty (truncated?)")
	case err != nil:
		return nil, 0, false, err
	case first[0] == '{':
		doc, err := statedoc.DecodeWith(br, opts)
		return doc, 0, true, err
	}
	if head, _ := br.Peek(len(sealMagic)); !bytes.Equal(head, []byte(sealMagic)) {
		return nil, 0, false, errors.New("it is not a state file: it starts with neither the state file's line nor a JSON document")
	}
	line := make([]byte, sealLen)
	if _, err := io.ReadFull(br, line); err != nil {
		return nil, 0, false, errors.New("its header line is damaged or cut short (not a state file?)")
	}
	s, err := parseSeal(line)
	if err != nil {
		return nil, 0, false, err
	}
	sum := sha256.New()
	body := io.TeeReader(io.LimitReader(br, s.bytes), sum)
	doc, decodeErr := statedoc.DecodeWith(body, opts)
	if err := finishSum(body, sum, s, br); err != nil {
		return nil, 0, false, err
	}
	if decodeErr != nil {
		return nil, 0, false, decodeErr
	}
	return doc, s.log, false, nil
}

// finishSum reads what the decoder left of the document into the hash,
// checks the file ends there and the checksum matches.
func finishSum(body io.Reader, sum hash.Hash, s seal, rest io.Reader) error {
	if _, err := io.Copy(io.Discard, body); err != nil {
		return err
	}
	var got [sha256.Size]byte
	sum.Sum(got[:0])
	if got != s.sum {
		return errors.New("its checksum does not match its content (the file changed after mockdex wrote it, or was cut short)")
	}
	if n, _ := rest.Read(make([]byte, 1)); n > 0 {
		return errors.New("it holds something after its document")
	}
	return nil
}
