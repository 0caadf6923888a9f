// Package shipping holds the tests that check mockdex as its users get
// it, not as its own tests see it: the container image (built here the
// way the Dockerfile builds it, since no container engine runs in CI),
// `go install` of both commands run from outside the checkout, and the CI
// recipes and compose file under examples/ (actionlint, GitLab's and
// Compose's schemas, and the recipes' own commands replayed against a
// mock). It has no code of its own.
package shipping
