package jwks

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// Key is one public key of a set.
type Key struct {
	ID  string
	Alg string // the alg the set restricts it to; "" for any that fits
	Pub crypto.PublicKey
}

// jwk is a JSON Web Key as sets publish them (RFC 7517, 7518): the
// members a signature key of type RSA or EC has.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid,omitempty"`
	Use string `json:"use,omitempty"`
	Alg string `json:"alg,omitempty"`
	N   string `json:"n,omitempty"`
	E   string `json:"e,omitempty"`
	Crv string `json:"crv,omitempty"`
	X   string `json:"x,omitempty"`
	Y   string `json:"y,omitempty"`
}

// minRSABits is the smallest RSA key taken (RFC 7518 3.3).
const minRSABits = 2048

// Parse reads a set's keys. Keys that are not for signatures, or of a
// type this package does not check tokens with (oct, OKP, other curves),
// are left out; a set without one usable key is an error.
func Parse(b []byte) ([]Key, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(b, &set); err != nil {
		return nil, fmt.Errorf("not a JSON Web Key Set: %v", err)
	}
	var keys []Key
	var skipped []string
	for _, raw := range set.Keys {
		var k jwk
		if err := json.Unmarshal(raw, &k); err != nil {
			return nil, fmt.Errorf("a key of the set: %v", err)
		}
		pub, err := k.public()
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("%q: %v", k.Kid, err))
			continue
		}
		keys = append(keys, Key{ID: k.Kid, Alg: k.Alg, Pub: pub})
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("no RSA or P-256 signing key in the set (%s)", strings.Join(skipped, "; "))
	}
	return keys, nil
}

func (k jwk) public() (crypto.PublicKey, error) {
	if k.Use != "" && k.Use != "sig" {
		return nil, fmt.Errorf("use %q", k.Use)
	}
	switch k.Kty {
	case "RSA":
		return k.rsa()
	case "EC":
		return k.ec()
	}
	return nil, fmt.Errorf("kty %q", k.Kty)
}

func (k jwk) rsa() (*rsa.PublicKey, error) {
	n, err1 := b64(k.N)
	e, err2 := b64(k.E)
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	if len(e) == 0 || len(e) > 4 {
		return nil, errors.New("RSA exponent out of range")
	}
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
	if pub.N.BitLen() < minRSABits || pub.E < 3 || pub.E%2 == 0 {
		return nil, fmt.Errorf("RSA key of %d bits, exponent %d", pub.N.BitLen(), pub.E)
	}
	return pub, nil
}

func (k jwk) ec() (*ecdsa.PublicKey, error) {
	if k.Crv != "P-256" {
		return nil, fmt.Errorf("crv %q", k.Crv)
	}
	x, err1 := b64(k.X)
	y, err2 := b64(k.Y)
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	if len(x) != 32 || len(y) != 32 {
		return nil, errors.New("P-256 coordinates are 32 bytes")
	}
	// Checks the point is on the curve.
	return ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, x...), y...))
}

func b64(s string) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, errors.New("not base64url")
	}
	return b, nil
}

// fits says whether k can check a token signed with alg.
func (k Key) fits(alg string) bool {
	if k.Alg != "" && k.Alg != alg {
		return false
	}
	switch alg {
	case "RS256", "PS256":
		_, ok := k.Pub.(*rsa.PublicKey)
		return ok
	case "ES256":
		ec, ok := k.Pub.(*ecdsa.PublicKey)
		return ok && ec.Curve == elliptic.P256()
	}
	return false
}

// Encode writes keys as a set, for an issuer that publishes its own
// (RSA and P-256 keys; each with its alg and use "sig").
func Encode(keys ...Key) ([]byte, error) {
	out := make([]jwk, 0, len(keys))
	for _, k := range keys {
		j := jwk{Kid: k.ID, Alg: k.Alg, Use: "sig"}
		switch pub := k.Pub.(type) {
		case *rsa.PublicKey:
			j.Kty, j.N = "RSA", b64e(pub.N.Bytes())
			j.E = b64e(big.NewInt(int64(pub.E)).Bytes())
		case *ecdsa.PublicKey:
			raw, err := pub.Bytes()
			if err != nil || pub.Curve != elliptic.P256() {
				return nil, errors.New("only P-256 EC keys")
			}
			j.Kty, j.Crv, j.X, j.Y = "EC", "P-256", b64e(raw[1:33]), b64e(raw[33:])
		default:
			return nil, fmt.Errorf("key type %T", k.Pub)
		}
		out = append(out, j)
	}
	return json.Marshal(struct {
		Keys []jwk `json:"keys"`
	}{out})
}

func b64e(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
