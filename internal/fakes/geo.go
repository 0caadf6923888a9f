package fakes

import "math"

// earthRadiusMiles is the mean radius of the Earth; Care Options speaks
// miles.
const earthRadiusMiles = 3958.8

// MilesBetween is the great-circle distance between two places.
func MilesBetween(a, b GeoPoint) float64 {
	rad := func(deg float64) float64 { return deg * math.Pi / 180 }
	dLat, dLon := rad(b.Latitude-a.Latitude), rad(b.Longitude-a.Longitude)
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(rad(a.Latitude))*math.Cos(rad(b.Latitude))*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusMiles * math.Asin(math.Min(1, math.Sqrt(h)))
}
