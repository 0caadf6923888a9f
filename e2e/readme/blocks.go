package readme

import (
	"bufio"
	"regexp"
	"strings"
)

// Block is one ```sh block of the README.
type Block struct {
	Line     int    // the fence's line number, from 1
	Skip     string // why it is not replayed; "" means it is
	Commands []Command
}

// Command is one shell command (perhaps over several lines) and the answer
// the README says it gives.
type Command struct {
	Line   int
	Text   string
	Answer string // the comment lines right after it, joined; "" if none
}

var skipMarker = regexp.MustCompile(`^<!--\s*readme-test:\s*skip:\s*(.+?)\s*-->$`)

// Blocks reads the sh blocks of a Markdown document.
func Blocks(markdown string) []Block {
	var (
		blocks   []Block
		cur      *Block
		lastText string // the last non-blank line outside a block
		pending  []string
		start    int
		answerOK bool // a comment now would be the last command's answer
	)
	sc := bufio.NewScanner(strings.NewReader(markdown))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```sh") && strings.TrimSpace(strings.TrimPrefix(trimmed, "```sh")) == "":
			cur = &Block{Line: n}
			if m := skipMarker.FindStringSubmatch(lastText); m != nil {
				cur.Skip = m[1]
			}
			pending, answerOK = nil, false
		case cur == nil:
			if trimmed != "" { // a skip marker counts only right before its fence
				lastText = trimmed
			}
		case trimmed == "```":
			blocks = append(blocks, *cur)
			cur, lastText = nil, trimmed
		case len(pending) > 0:
			pending = append(pending, line)
			if complete(strings.Join(pending, "\n")) {
				cur.Commands = append(cur.Commands, Command{Line: start, Text: strings.Join(pending, "\n")})
				pending, answerOK = nil, true
			}
		case trimmed == "":
			answerOK = false
		case strings.HasPrefix(trimmed, "#"):
			if answerOK {
				c := &cur.Commands[len(cur.Commands)-1]
				c.Answer += strings.TrimSpace(strings.TrimPrefix(trimmed, "#"))
			}
		default:
			pending, start = []string{line}, n
			if complete(line) {
				cur.Commands = append(cur.Commands, Command{Line: n, Text: line})
				pending, answerOK = nil, true
			}
		}
	}
	return blocks
}

// complete reports whether s is a whole command: its quotes closed and
// its last line not continued with a backslash. A # outside quotes at the
// start of a word begins a comment, whose quotes do not count.
func complete(s string) bool {
	var quote rune
	escaped, comment := false, false
	prev := ' '
	for _, r := range s {
		switch {
		case comment:
			comment = r != '\n'
		case escaped:
			escaped = false
		case r == '\\' && quote != '\'':
			escaped = true
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '#' && (prev == ' ' || prev == '\t' || prev == '\n'):
			comment = true
		}
		prev = r
	}
	return quote == 0 && !escaped
}
