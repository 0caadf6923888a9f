package membound

import (
	"os"
	"strconv"
	"strings"
)

// CgroupFraction is the share of a container's memory limit the default
// bound takes: the rest is for memory outside Go's heap and the kernel's
// accounting of the process (page cache of the data directory).
const CgroupFraction = 0.75

// The files a container's memory limit is read from: cgroup v2, then v1.
var cgroupFiles = []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}

// FromCgroup is the default bound: CgroupFraction of the memory limit of
// the cgroup the process runs in, and the file it read; 0 when no limit
// is set (cgroup v2 "max", v1's huge sentinel, or no cgroup files).
func FromCgroup() (int64, string) {
	return fromFiles(cgroupFiles)
}

func fromFiles(files []string) (int64, string) {
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		v := strings.TrimSpace(string(data))
		if v == "max" {
			return 0, path
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 || n >= 1<<50 { // v1 says "no limit" with a page-rounded MaxInt64
			return 0, path
		}
		return int64(float64(n) * CgroupFraction), path
	}
	return 0, ""
}
