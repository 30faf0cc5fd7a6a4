//go:build unix

package agent

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/folder"
)

// The kill tests run the agent in a child process (this test binary, run
// again with killChild set) and kill it with SIGKILL: at each step of a
// transfer, and at random moments. Then they run it again until a run
// ends by itself, and check that every file arrived once and whole, that
// no partial file is visible under a real name, and that every local
// file was renamed to .snt once.
const killChild = "ICBATCH_AGENT_KILL_CHILD"

// killFiles makes the files of a day, of sizes up to half a MiB, so that a
// random kill lands inside a copy as often as between files.
func killFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	pool := make([]byte, 1<<20)
	for j := range pool {
		pool[j] = 'A' + byte(j*7%26)
	}
	files := map[string][]byte{}
	for i := range 16 {
		at := rng.IntN(len(pool) / 2)
		data := append([]byte(fmt.Sprintf("file %d\n", i)), pool[at:at+1+rng.IntN(len(pool)/2)]...)
		name := fmt.Sprintf("SPANFORK_INV_20261125_%03d.txt", i+1)
		files[name] = data
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// runChild runs one agent run of mode in base; at, when set, is where the
// child kills itself ("put:2": at the second "put" step); after, when
// positive, is when the parent kills it. It says whether it was killed
// and how long the agent ran.
func runChild(t *testing.T, mode, base, at string, after time.Duration) (killed bool, ran time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestKillChild$")
	cmd.Env = append(os.Environ(), killChild+"="+mode, "KILL_BASE="+base, "KILL_AT="+at)
	var out bytes.Buffer
	cmd.Stderr = &out
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The clock starts when the child is about to run the agent, not while
	// the test binary starts up.
	ready, _ := bufio.NewReader(stdout).ReadString('\n')
	start := time.Now()
	if after > 0 && ready == "ready\n" {
		timer := time.AfterFunc(after, func() { cmd.Process.Signal(syscall.SIGKILL) })
		defer timer.Stop()
	}
	var rest bytes.Buffer
	io.Copy(&rest, stdout)
	err = cmd.Wait()
	ran = time.Since(start)
	out.Write(rest.Bytes())
	if err == nil {
		return false, ran
	}
	if ee, ok := err.(*exec.ExitError); ok && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL {
		return true, ran
	}
	t.Fatalf("the %s child failed: %v\n%s", mode, err, out.String())
	return false, ran
}

// TestKillChild is the child's side; it does nothing in a normal run.
func TestKillChild(t *testing.T) {
	mode := os.Getenv(killChild)
	if mode == "" {
		t.Skip("run by the kill tests in a child process")
	}
	base := os.Getenv("KILL_BASE")
	if at := os.Getenv("KILL_AT"); at != "" {
		want, nth, _ := strings.Cut(at, ":")
		n, _ := strconv.Atoi(nth)
		seen := 0
		hook = func(s string) {
			if s == want {
				if seen++; seen == n {
					syscall.Kill(os.Getpid(), syscall.SIGKILL)
				}
			}
		}
	}
	open := func(dir string) *transport.FS {
		f, err := folder.Open(filepath.Join(base, dir))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	var res Result
	var err error
	fmt.Println("ready")
	switch mode {
	case "upload":
		j, jerr := OpenJournal(filepath.Join(base, "journal"))
		if jerr != nil {
			t.Fatal(jerr)
		}
		res, err = (&Upload{Local: open("out"), Ext: "txt", Remote: open("ic"), Journal: j, Retry: fast}).Run(context.Background())
	case "download":
		res, err = (&Download{Remote: open("ic"), Local: open("in"), Retry: fast}).Run(context.Background())
	}
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("%+v %v", res, err)
	}
}

// checkArrived checks that dir holds exactly files, whole, and nothing
// else but hidden partial files, which Sweep then removes.
func checkArrived(t *testing.T, dir string, files map[string][]byte, ext string) {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		name := e.Name()
		if transport.IsPartial(name) || name == LockName {
			continue
		}
		got = append(got, name)
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if want, ok := files[strings.TrimSuffix(name, ext)]; !ok || !bytes.Equal(data, want) {
			t.Errorf("%s: %d bytes, want %d (known: %v)", name, len(data), len(want), ok)
		}
	}
	if len(got) != len(files) {
		sort.Strings(got)
		t.Errorf("%s holds %v, want the %d files once each", dir, got, len(files))
	}
	f, err := folder.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Sweep(context.Background(), "", 0); err != nil {
		t.Fatal(err)
	}
}

func killBase(t *testing.T) (base string, files map[string][]byte) {
	base = t.TempDir()
	for _, d := range []string{"out", "ic", "in"} {
		os.Mkdir(filepath.Join(base, d), 0o755)
	}
	return base, killFiles(t, filepath.Join(base, "out"))
}

// finish runs the child until a run ends by itself.
func finish(t *testing.T, mode, base string) {
	t.Helper()
	for range 3 {
		if killed, _ := runChild(t, mode, base, "", 0); !killed {
			return
		}
	}
	t.Fatal("a run without kills was killed")
}

// TestKillAtEachStep kills the agent right after each step of a transfer.
func TestKillAtEachStep(t *testing.T) {
	for _, at := range []string{"put:1", "journaled:1", "renamed:1", "put:4", "journaled:6", "renamed:16"} {
		t.Run("upload "+at, func(t *testing.T) {
			base, files := killBase(t)
			if killed, _ := runChild(t, "upload", base, at, 0); !killed {
				t.Fatalf("the child was to die at %s", at)
			}
			finish(t, "upload", base)
			checkArrived(t, filepath.Join(base, "ic"), files, "")
			checkArrived(t, filepath.Join(base, "out"), files, "."+SentExt)
		})
	}
	for _, at := range []string{"saved:1", "saved:5"} {
		t.Run("download "+at, func(t *testing.T) {
			base, files := killBase(t)
			copyDir(t, filepath.Join(base, "out"), filepath.Join(base, "ic"))
			if killed, _ := runChild(t, "download", base, at, 0); !killed {
				t.Fatalf("the child was to die at %s", at)
			}
			finish(t, "download", base)
			checkArrived(t, filepath.Join(base, "in"), files, "")
		})
	}
}

// TestKillAtRandomMoments kills the agent again and again at random
// moments, inside copies, renames and journal writes alike.
func TestKillAtRandomMoments(t *testing.T) {
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	for _, mode := range []string{"upload", "download"} {
		t.Run(mode, func(t *testing.T) {
			setup := func() (string, map[string][]byte) {
				base, files := killBase(t)
				if mode == "download" {
					copyDir(t, filepath.Join(base, "out"), filepath.Join(base, "ic"))
				}
				return base, files
			}
			// How long a whole run takes here: kills land anywhere in it.
			trial, _ := setup()
			_, whole := runChild(t, mode, trial, "", 0)
			// Days, each killed until a run ends by itself, for a few
			// seconds: some kills, whatever the machine's speed.
			kills, days := 0, 0
			for budget := time.Now().Add(4 * time.Second); days < 10 && time.Now().Before(budget); days++ {
				base, files := setup()
				for kills < 20*(days+1) && time.Now().Before(budget) {
					after := time.Duration(rng.Int64N(int64(whole)) + 1)
					if killed, _ := runChild(t, mode, base, "", after); !killed {
						break
					}
					kills++
				}
				finish(t, mode, base)
				if mode == "upload" {
					checkArrived(t, filepath.Join(base, "ic"), files, "")
					checkArrived(t, filepath.Join(base, "out"), files, "."+SentExt)
				} else {
					checkArrived(t, filepath.Join(base, "in"), files, "")
				}
			}
			t.Logf("%d kills over %d days, in runs of %s", kills, days, whole)
		})
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	es, _ := os.ReadDir(from)
	for _, e := range es {
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(to, e.Name()), data, 0o644)
	}
}
