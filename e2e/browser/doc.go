// Package browser drives mockdex's own pages (the retail hand-off, the
// dashboard) in a headless Chromium, the way a patient or a developer
// uses them, and checks the outcome through the mock's public surface
// only: mockdextest and HTTP. Where no browser is installed the tests
// skip and say so (.ci/run installs Debian's chromium).
package browser
