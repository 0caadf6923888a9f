package store

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// A log file holds, after the line "mockdex-log 1", one record per
// flush: a 12-byte header (the payload's length and CRC-32C, then the
// CRC-32C of those 8 bytes) and the payload, a statedoc.Patch as JSON.
// Replayed in order over the state file's document, the records give the
// namespace as its last flush left it.
//
// A record cut short at the end of the newest log is what a crash in the
// middle of an append leaves: it was never acknowledged, and is dropped.
// Any other damage (a checksum that fails, a length its header's own
// checksum refutes) refuses the file.
const (
	logMagic     = "mockdex-log 1\n"
	recordHeader = 12
	// maxRecord bounds one record: a patch is a flush's changes, never a
	// whole world (those are state files).
	maxRecord = 256 << 20
)

// encodeRecord is p as a log record.
func encodeRecord(p *statedoc.Patch) ([]byte, error) {
	payload, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	if len(payload) > maxRecord {
		return nil, fmt.Errorf("store: a log record of %d bytes is over the %d limit", len(payload), maxRecord)
	}
	rec := make([]byte, recordHeader, recordHeader+len(payload))
	binary.LittleEndian.PutUint32(rec[0:4], uint32(len(payload)))
	binary.LittleEndian.PutUint32(rec[4:8], crc32.Checksum(payload, castagnoli))
	binary.LittleEndian.PutUint32(rec[8:12], crc32.Checksum(rec[0:8], castagnoli))
	return append(rec, payload...), nil
}

// logContent is what a log file holds.
type logContent struct {
	patches []*statedoc.Patch
	// end is where the last whole record ends; torn says bytes after it
	// are an append a crash cut short.
	end  int64
	torn bool
}

// readLog reads the log file at path.
func readLog(path string) (logContent, error) {
	var out logContent
	f, err := os.Open(path)
	if err != nil {
		return out, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return out, err
	}
	size := info.Size()
	r := bufio.NewReaderSize(f, 64<<10)
	magic := make([]byte, len(logMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != logMagic {
		if size < int64(len(logMagic)) && string(magic[:size]) == logMagic[:size] {
			out.torn = true // created, and the crash came before its first line was whole
			return out, nil
		}
		return out, errors.New("it does not start with the log's first line (not a mockdex log, or damaged)")
	}
	out.end = int64(len(logMagic))
	head := make([]byte, recordHeader)
	for out.end < size {
		left := size - out.end
		if left < recordHeader {
			out.torn = true
			return out, nil
		}
		if _, err := io.ReadFull(r, head); err != nil {
			return out, err
		}
		n := binary.LittleEndian.Uint32(head[0:4])
		if crc32.Checksum(head[0:8], castagnoli) != binary.LittleEndian.Uint32(head[8:12]) || n > maxRecord {
			return out, fmt.Errorf("the record at byte %d is damaged (its header's checksum fails)", out.end)
		}
		if int64(n) > left-recordHeader {
			out.torn = true
			return out, nil
		}
		payload := make([]byte, n)
		if _, err := io.ReadFull(r, payload); err != nil {
			return out, err
		}
		if crc32.Checksum(payload, castagnoli) != binary.LittleEndian.Uint32(head[4:8]) {
			return out, fmt.Errorf("the record at byte %d is damaged (its checksum fails)", out.end)
		}
		var p statedoc.Patch
		if err := json.Unmarshal(payload, &p); err != nil {
			return out, fmt.Errorf("the record at byte %d does not read: %v", out.end, err)
		}
		out.patches = append(out.patches, &p)
		out.end += recordHeader + int64(n)
	}
	return out, nil
}
