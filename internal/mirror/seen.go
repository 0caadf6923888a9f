package mirror

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/mockdex/mockdex/internal/atomicfile"
	"github.com/mockdex/mockdex/internal/redact"
)

// SeenVersion is the format version of a seen answer.
const SeenVersion = 1

// MaxSeenBytes bounds one seen answer file LoadSeen reads.
const MaxSeenBytes = 8 << 20

// SeenAnswer is the tier's answer to one of ReadOnlyCalls as something
// other than the mirror saw it pass (the contract proxy's recording of an
// app's traffic): so fixtures can be built from what the app saw, not
// only from what the mirror asks. Everything in it is redacted with the
// report policy (patient, actor and secret fields, identifiers too).
//
// A recording directory holds one file per distinct request,
// OPERATION/KEY.json, KEY a digest of the method, path, query and request
// body: the same request seen again replaces its file.
type SeenAnswer struct {
	Version     int    `json:"version"`
	OperationID string `json:"operationId"`
	Method      string `json:"method"`
	// Path is the request's path (ReadOnlyCalls' paths carry no
	// patient identifier); Query its query, one value or a list per name.
	Path        string          `json:"path"`
	Query       map[string]any  `json:"query,omitempty"`
	RequestBody json.RawMessage `json:"requestBody,omitempty"` // the POST searches'
	Status      int             `json:"status"`
	ContentType string          `json:"contentType"`
	Body        json.RawMessage `json:"body"`
	SeenAt      time.Time       `json:"seenAt"`
}

// SaveSeen redacts a and writes it into dir, replacing the file of the
// same request; it refuses anything but a 2xx JSON answer to one of
// ReadOnlyCalls. The write is atomic (a temporary file renamed). It
// returns the file's path relative to dir.
func SaveSeen(dir string, a SeenAnswer, query url.Values) (string, error) {
	call, ok := ReadOnlyCall(a.Method, a.Path)
	if !ok {
		return "", fmt.Errorf("mirror: %s %s is not a read-only call; not recorded", a.Method, a.Path)
	}
	if a.Status/100 != 2 {
		return "", fmt.Errorf("mirror: status %d; only answers are recorded", a.Status)
	}
	body, err := redact.Report.AppendJSON(nil, a.Body)
	if err != nil {
		return "", fmt.Errorf("mirror: the answer is not JSON: %w", err)
	}
	a.Version, a.OperationID, a.Body = SeenVersion, call.OperationID, body
	a.Query = redact.Report.Values(query)
	if len(a.RequestBody) > 0 {
		if a.RequestBody, err = redact.Report.AppendJSON(nil, a.RequestBody); err != nil {
			return "", fmt.Errorf("mirror: the request body is not JSON: %w", err)
		}
	}
	b, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return "", err
	}
	rel := filepath.Join(call.OperationID, seenKey(a)+".json")
	if err := os.MkdirAll(filepath.Join(dir, call.OperationID), 0o755); err != nil {
		return "", err
	}
	return rel, atomicfile.Write(filepath.Join(dir, rel), append(b, '\n'), 0o644)
}

// seenKey names a request: the same request seen again is the same file.
func seenKey(a SeenAnswer) string {
	q, _ := json.Marshal(a.Query) // map keys sorted
	h := sha256.New()
	for _, part := range [][]byte{[]byte(a.Method), []byte(a.Path), q, a.RequestBody} {
		h.Write(part)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:10])
}

// LoadSeen reads every seen answer under dir, by operation then path.
func LoadSeen(dir string) ([]SeenAnswer, error) {
	var out []SeenAnswer
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".json" {
			return err
		}
		a, err := readSeen(filepath.Join(dir, p))
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		out = append(out, a)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].OperationID != out[j].OperationID {
			return out[i].OperationID < out[j].OperationID
		}
		return out[i].Path < out[j].Path
	})
	return out, err
}

func readSeen(path string) (SeenAnswer, error) {
	var a SeenAnswer
	f, err := os.Open(path)
	if err != nil {
		return a, err
	}
	defer f.Close()
	lr := &io.LimitedReader{R: f, N: MaxSeenBytes + 1}
	if err := json.NewDecoder(lr).Decode(&a); err != nil {
		return a, err
	}
	if lr.N <= 0 {
		return a, fmt.Errorf("larger than %d bytes", MaxSeenBytes)
	}
	if a.Version != SeenVersion {
		return a, errors.New("not a version 1 seen answer")
	}
	return a, nil
}
