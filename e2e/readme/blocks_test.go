package readme

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = "# Title\n\n" +
	"<!-- readme-test: skip: needs a tier -->\n```sh\ncurl https://uat.example.org\n```\n\n" +
	"```sh\nA=1   # the docs' value\n" +
	"curl -X POST x \\\n  --data '{\"a\":\n   1}'\n# 200 {\"id\":\"<id>\",\n#   \"b\":2}\n\n" +
	"# prose about the next one\ncurl y\n\n# not an answer: a blank line came first\n```\n" +
	"```go\nfmt.Println()\n```\n"

func TestBlocks(t *testing.T) {
	blocks := Blocks(sample)
	require.Len(t, blocks, 2, "only sh blocks")
	assert.Equal(t, "needs a tier", blocks[0].Skip)
	b := blocks[1]
	assert.Empty(t, b.Skip)
	require.Len(t, b.Commands, 3)
	assert.Equal(t, "A=1   # the docs' value", b.Commands[0].Text, "a quote in a trailing comment does not open a string")
	assert.Equal(t, "curl -X POST x \\\n  --data '{\"a\":\n   1}'", b.Commands[1].Text)
	assert.Equal(t, `200 {"id":"<id>","b":2}`, b.Commands[1].Answer)
	assert.Equal(t, "curl y", b.Commands[2].Text)
	assert.Empty(t, b.Commands[2].Answer)
}
