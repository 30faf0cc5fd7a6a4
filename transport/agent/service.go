package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/icbatch/caselle/internal/durable"
)

// Runner is a task: an *Upload or a *Download.
type Runner interface {
	Run(ctx context.Context) (Result, error)
}

// Job is a task on its schedule.
type Job struct {
	Name     string
	Schedule Schedule
	Task     Runner
}

// Clock is the time a Service runs by. Tests give a fake one.
type Clock interface {
	Now() time.Time
	// SleepUntil returns at t or when ctx is done (with its error).
	SleepUntil(ctx context.Context, t time.Time) error
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) SleepUntil(ctx context.Context, t time.Time) error {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Service runs jobs on their schedules, as the Stratus agent does.
//
// A run that was due while the service was not running (the machine was
// off or asleep) is made once when it comes back, not once per missed
// time; with State set, this holds across restarts. A job whose schedule
// has ended is never run again; when every schedule has ended, Run
// returns.
//
// Stopping (ctx cancelled, as on SIGINT or SIGTERM) lets the file in
// flight finish: the running task stops before its next file, and Run
// returns nil.
type Service struct {
	Jobs  []Job
	Clock Clock // nil: the system clock
	// State is a file remembering each job's last run; "": none, and a
	// fresh service waits for each job's next scheduled time.
	State string
	Log   *slog.Logger // nil: none
	// Ran, when set, is told of every run, as it ends.
	Ran func(job string, at time.Time, res Result, err error)
}

type stopKey struct{}

// gracefulContext keeps the values of ctx but not its cancellation, and
// tells stopping when ctx is done.
func gracefulContext(ctx context.Context) context.Context {
	return context.WithValue(context.WithoutCancel(ctx), stopKey{}, ctx.Done())
}

// stopping reports whether the service asked the task to stop after the
// file in flight.
func stopping(ctx context.Context) bool {
	ch, _ := ctx.Value(stopKey{}).(<-chan struct{})
	if ch == nil {
		return false
	}
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func (s *Service) clock() Clock {
	if s.Clock == nil {
		return systemClock{}
	}
	return s.Clock
}

// Check says what is wrong with the jobs, or nil.
func (s *Service) Check() error {
	names := map[string]bool{}
	var errs []error
	for i, j := range s.Jobs {
		switch {
		case j.Name == "":
			errs = append(errs, fmt.Errorf("agent: job %d has no name", i+1))
		case names[j.Name]:
			errs = append(errs, fmt.Errorf("agent: two jobs are named %q", j.Name))
		case j.Task == nil:
			errs = append(errs, fmt.Errorf("agent: job %q has no task", j.Name))
		}
		names[j.Name] = true
		if err := j.Schedule.Check(); err != nil {
			errs = append(errs, fmt.Errorf("job %q: %w", j.Name, err))
		}
	}
	return errors.Join(errs...)
}

// RunOnce runs every job once, now, in order, whatever its schedule (for
// cron and for tests). Errors of the jobs are joined.
func (s *Service) RunOnce(ctx context.Context) error {
	if err := s.Check(); err != nil {
		return err
	}
	var errs []error
	for _, j := range s.Jobs {
		if ctx.Err() != nil {
			break
		}
		if err := s.run(ctx, j, s.clock().Now()); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", j.Name, err))
		}
	}
	return errors.Join(errs...)
}

// run runs one job and reports it; an error is the run's error or the
// first file's.
func (s *Service) run(ctx context.Context, j Job, at time.Time) error {
	log := logger(s.Log).With("job", j.Name)
	switch t := j.Task.(type) {
	case *Upload:
		if t.Log == nil {
			t.Log = log
		}
	case *Download:
		if t.Log == nil {
			t.Log = log
		}
	}
	log.Info("run starts")
	res, err := j.Task.Run(gracefulContext(ctx))
	if s.Ran != nil {
		s.Ran(j.Name, at, res, err)
	}
	if err == nil && len(res.Errors) > 0 {
		err = res.Errors[0]
	}
	log.Info("run ends", "sent", len(res.Sent), "skipped", len(res.Skipped), "later", len(res.Later), "errors", len(res.Errors), "err", err)
	return err
}

// Run runs the jobs on their schedules until ctx is done or every
// schedule has ended. A job's failure is logged and does not stop the
// others or its next run.
func (s *Service) Run(ctx context.Context) error {
	if err := s.Check(); err != nil {
		return err
	}
	clock, log := s.clock(), logger(s.Log)
	last, err := s.loadState()
	if err != nil {
		return err
	}
	start := clock.Now()
	next := make([]time.Time, len(s.Jobs))
	for i, j := range s.Jobs {
		from := start
		if t, ok := last[j.Name]; ok {
			from = t // a run due since then is made at once
		}
		if t, ok := j.Schedule.Next(from); ok {
			next[i] = t
		}
	}
	for {
		soonest := time.Time{}
		for _, t := range next {
			if !t.IsZero() && (soonest.IsZero() || t.Before(soonest)) {
				soonest = t
			}
		}
		if soonest.IsZero() {
			log.Info("every schedule has ended")
			return nil
		}
		log.Info("waiting for the next run", "at", soonest)
		if err := clock.SleepUntil(ctx, soonest); err != nil {
			log.Info("stopped")
			return nil // stopped while idle
		}
		now := clock.Now()
		for i, j := range s.Jobs {
			if next[i].IsZero() || next[i].After(now) {
				continue
			}
			if late := now.Sub(next[i]); late > time.Minute {
				log.Warn("a scheduled run was missed; running once now", "job", j.Name, "due", next[i], "late", late.Round(time.Second))
			}
			s.run(ctx, j, now)
			last[j.Name] = now
			if err := s.saveState(last); err != nil {
				log.Error("cannot save the state file", "file", s.State, "err", err)
			}
			if ctx.Err() != nil {
				log.Info("stopped after the file in flight")
				return nil
			}
			next[i] = time.Time{}
			if t, ok := j.Schedule.Next(now); ok {
				next[i] = t
			}
		}
	}
}

func (s *Service) loadState() (map[string]time.Time, error) {
	last := map[string]time.Time{}
	if s.State == "" {
		return last, nil
	}
	data, err := os.ReadFile(s.State)
	if errors.Is(err, os.ErrNotExist) {
		return last, nil
	}
	if err != nil {
		return nil, fmt.Errorf("agent: state file: %w", err)
	}
	if err := json.Unmarshal(data, &last); err != nil {
		return nil, fmt.Errorf("agent: state file %s: %w", s.State, err)
	}
	return last, nil
}

func (s *Service) saveState(last map[string]time.Time) error {
	if s.State == "" {
		return nil
	}
	data, _ := json.MarshalIndent(last, "", "  ")
	tmp := filepath.Join(filepath.Dir(s.State), "."+filepath.Base(s.State)+".tmp")
	if err := writeSynced(tmp, append(data, '\n')); err != nil {
		return err
	}
	return durable.Rename(tmp, s.State)
}
